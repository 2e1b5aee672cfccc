/**
 * Guarded custom-element definition: loading the script twice, or two copies of the package on one
 * page, must not throw. Safe to import in Node (SSR): does nothing without `customElements`.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
  if (!registry || registry.get(tag)) return;
  registry.define(tag, ctor);
}
