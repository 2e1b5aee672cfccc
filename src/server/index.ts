/**
 * Server entry (`bynet-checkout/server`): the merchant helper, its gateway client and adapters.
 * Node-only; browser code never imports this module.
 */
export { createBynetCheckout, createCheckoutHandler, isOutsideBasePath } from './handler.js';
export type {
  BynetCheckout,
  HelperStats,
  CartResolution,
  CheckoutOptions,
  Handler,
  InstallmentSettings,
  RequestInfo,
  ResolveCart,
} from './handler.js';
export { toNodeListener } from './node.js';
export type { FetchHandler, NodeListener, NodeListenerOptions } from './node.js';
export { createGatewayClient } from './gateway/client.js';
export type {
  CircuitBreakerOptions,
  GatewayClient,
  GatewayClientOptions,
  GatewayRouteFamily,
  ListQuery,
  Page,
  PagedResource,
  WebhookInput,
} from './gateway/client.js';
export type { TrustedProxies } from './client-ip.js';
export { GatewayError, isGatewayError } from './gateway/errors.js';
export type { GatewayErrorCode, GatewayErrorDetails } from './gateway/errors.js';
export { createTokenSigner } from './token.js';
export type { CheckoutTokenPayload, TokenSigner, TokenVerifyResult } from './token.js';
export { createMemoryIdempotencyStore } from './idempotency.js';
export type { IdempotencyBegin, IdempotencyStore, StoredResponse } from './idempotency.js';
export { createMemoryPaymentStore, canTransition, nextStatus } from './payments.js';
export type { PaymentRecord, PaymentStore } from './payments.js';
export { createLogger, scrub, scrubText } from './log.js';
export type { LogLevel, LogSink, Logger } from './log.js';
export { builtInCepLookup } from './cep.js';
export { viaCepLookup } from './cep-viacep.js';
export type { ViaCepOptions } from './cep-viacep.js';
export type { CepAddress, CepLookup } from './cep.js';
export type { RateLimitOptions, RateRule } from './rate-limit.js';
export {
  createRedisState,
  createRedisIdempotencyStore,
  createRedisPaymentStore,
  createRedisRateLimiter,
  fromIoredis,
} from './redis.js';
export type {
  IoredisLike,
  IoredisSubscriberLike,
  RedisClient,
  RedisCommander,
  RedisIdempotencyStoreOptions,
  RedisPaymentStoreOptions,
  RedisStateOptions,
} from './redis.js';
export { createDurableState } from './durable.js';
export type { DurableStateOptions } from './durable.js';
export { createMemoryState, StateUnavailableError } from './state.js';
export type {
  FlagStore,
  HelperState,
  MemoryStateOptions,
  OrderRecord,
  OrderStore,
  Outbox,
  OutboxEvent,
  PaymentUpdate,
  SharedLock,
  StatusBus,
} from './state.js';
export { createRateLimiter } from './rate-limit.js';
export type { RateDecision, RateLimiter } from './rate-limit.js';
export { nextRouteHandlers, nextWebhookHandler } from './adapters/next.js';
export type { NextRouteHandler, NextRouteHandlerOptions } from './adapters/next.js';
export { createAdminHandler } from './admin/index.js';
export type { AdminHandler, AdminOptions, Authorize } from './admin/index.js';
export { createBynetDirectory, createPagarmeDirectory, createPassportDirectory, DirectoryError, isDirectoryError } from '../directory/index.js';
export type {
  Customer,
  CustomerDirectory,
  CustomerPage,
  DirectoryErrorCode,
  DirectoryQuery,
  PagarmeQuery,
  PassportQuery,
} from '../directory/index.js';
