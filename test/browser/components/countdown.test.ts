import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { formatCountdown } from '../../../src/components/countdown/countdown.js';
import type { BynetCountdown } from '../../../src/components/countdown/countdown.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';
import { addPixMessages } from '../../../src/checkout/i18n-pix.js';
import { registerAll, $ } from './helpers.js';

// English is a lazy module, the view's own pt-BR strings come with its chunk: both in before the cases.
addPixMessages();
before(() => loadLocale('en'));

registerAll();

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('<bynet-countdown>', () => {
  // axe schedules with real timers, so this one runs before the fake clock is installed.
  it('is accessible', async () => {
    const el = await fixture<BynetCountdown>(html`<bynet-countdown .expiresAt=${Date.now() + 90_000}></bynet-countdown>`);
    await expect(el).to.be.accessible();
  });
});

describe('<bynet-countdown> timing', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => clock.restore());

  const text = (el: BynetCountdown) => $(el, '[part="countdown"]').textContent!.trim();

  it('formats mm:ss below an hour and h:mm:ss above', () => {
    expect(formatCountdown(0)).to.equal('00:00');
    expect(formatCountdown(9)).to.equal('00:09');
    expect(formatCountdown(61)).to.equal('01:01');
    expect(formatCountdown(3599)).to.equal('59:59');
    expect(formatCountdown(3600)).to.equal('1:00:00');
    expect(formatCountdown(3725)).to.equal('1:02:05');
    expect(formatCountdown(86_400 + 1)).to.equal('24:00:01');
    expect(formatCountdown(-5)).to.equal('00:00');
  });

  it('renders a role="timer" with a localised label', async () => {
    const el = await fixture<BynetCountdown>(html`<bynet-countdown .expiresAt=${START + 15 * 60_000}></bynet-countdown>`);
    const timer = $(el, '[part="countdown"]');
    expect(timer.getAttribute('role')).to.equal('timer');
    expect(timer.textContent!.trim()).to.equal('15:00');
    expect(timer.getAttribute('aria-label')).to.equal('Tempo restante: 15:00');
    el.t = createTranslator('en');
    await el.updateComplete;
    expect(timer.getAttribute('aria-label')).to.equal('Time left: 15:00');
  });

  it('shows hours above an hour', async () => {
    const el = await fixture<BynetCountdown>(html`<bynet-countdown .expiresAt=${START + 2 * 3_600_000 + 5_000}></bynet-countdown>`);
    expect(text(el)).to.equal('2:00:05');
  });

  it('ticks once a second, on the second', async () => {
    const el = await fixture<BynetCountdown>(html`<bynet-countdown .expiresAt=${START + 5_500}></bynet-countdown>`);
    expect(text(el)).to.equal('00:06');
    await clock.tickAsync(499);
    await el.updateComplete;
    expect(text(el)).to.equal('00:06');
    await clock.tickAsync(1);
    await el.updateComplete;
    expect(text(el)).to.equal('00:05');
    await clock.tickAsync(999);
    await el.updateComplete;
    expect(text(el)).to.equal('00:05');
    await clock.tickAsync(1);
    await el.updateComplete;
    expect(text(el)).to.equal('00:04');
  });

  it('fires countdown-end once, when it reaches zero', async () => {
    const ends: Event[] = [];
    const el = await fixture<BynetCountdown>(
      html`<bynet-countdown .expiresAt=${START + 3_000} @countdown-end=${(e: Event) => ends.push(e)}></bynet-countdown>`,
    );
    await clock.tickAsync(2_999);
    await el.updateComplete;
    expect(ends).to.have.length(0);
    expect(text(el)).to.equal('00:01');
    await clock.tickAsync(1);
    await el.updateComplete;
    expect(text(el)).to.equal('00:00');
    expect(ends).to.have.length(1);
    expect(ends[0]!.bubbles).to.equal(true);
    expect(ends[0]!.composed).to.equal(false);
    await clock.tickAsync(10_000);
    el.requestUpdate();
    await el.updateComplete;
    expect(ends).to.have.length(1);
  });

  it('is urgent (attribute + one countdown-urgent event) from urgentSeconds left until the end', async () => {
    const urgent: Event[] = [];
    const el = await fixture<BynetCountdown>(
      html`<bynet-countdown .expiresAt=${START + 62_000} @countdown-urgent=${(e: Event) => urgent.push(e)}></bynet-countdown>`,
    );
    expect(el.hasAttribute('urgent')).to.equal(false);
    await clock.tickAsync(1_999);
    await el.updateComplete;
    expect(el.hasAttribute('urgent')).to.equal(false);
    await clock.tickAsync(1);
    await el.updateComplete;
    expect(text(el)).to.equal('01:00');
    expect(el.hasAttribute('urgent')).to.equal(true);
    expect(urgent).to.have.length(1);
    expect(urgent[0]!.bubbles).to.equal(true);
    expect(urgent[0]!.composed).to.equal(false);
    await clock.tickAsync(30_000);
    await el.updateComplete;
    expect(urgent).to.have.length(1);
    await clock.tickAsync(30_000);
    await el.updateComplete;
    expect(el.hasAttribute('urgent')).to.equal(false);
    el.expiresAt = Date.now() + 30_000;
    await el.updateComplete;
    await el.updateComplete;
    expect(urgent).to.have.length(2);
  });

  it('fires countdown-end at once for a deadline already past', async () => {
    const ends: Event[] = [];
    const el = await fixture<BynetCountdown>(
      html`<bynet-countdown .expiresAt=${START - 1} @countdown-end=${(e: Event) => ends.push(e)}></bynet-countdown>`,
    );
    await el.updateComplete;
    expect(text(el)).to.equal('00:00');
    expect(ends).to.have.length(1);
  });

  it('starts over for a new deadline and fires again when that one ends', async () => {
    const ends: Event[] = [];
    const el = await fixture<BynetCountdown>(
      html`<bynet-countdown .expiresAt=${START + 1_000} @countdown-end=${(e: Event) => ends.push(e)}></bynet-countdown>`,
    );
    await clock.tickAsync(1_000);
    await el.updateComplete;
    expect(ends).to.have.length(1);
    el.expiresAt = Date.now() + 2_000;
    await el.updateComplete;
    expect(text(el)).to.equal('00:02');
    await clock.tickAsync(2_000);
    await el.updateComplete;
    expect(ends).to.have.length(2);
  });

  it('uses the injected clock', async () => {
    const el = await fixture<BynetCountdown>(
      html`<bynet-countdown .now=${() => START + 60_000} .expiresAt=${START + 120_000}></bynet-countdown>`,
    );
    expect(text(el)).to.equal('01:00');
  });

  it('stops its timer when disconnected and resumes when connected again', async () => {
    const el = await fixture<BynetCountdown>(html`<bynet-countdown .expiresAt=${START + 60_000}></bynet-countdown>`);
    expect(clock.countTimers()).to.equal(1);
    const parent = el.parentNode!;
    el.remove();
    expect(clock.countTimers()).to.equal(0);
    await clock.tickAsync(10_000);
    parent.appendChild(el);
    await el.updateComplete;
    expect(clock.countTimers()).to.equal(1);
    expect(text(el)).to.equal('00:50');
  });
});
