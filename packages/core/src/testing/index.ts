// `@attune/core/testing`: what plugin and backend authors test against.
export { makeConformanceFixture, runBackendConformance, type ConformanceFixture, type ConformanceCheck } from './backend-conformance.js';
export { createMockBackend } from './mock-backend.js';
export { toyPlugin, type ToyExample, type ToyState, type ToyConfig } from './toy-plugin.js';
export { inputErrorMessage } from './input-error-message.js';
export { labelAgreement, type LabelAgreement } from './label-agreement.js';
export { makeInt8ExactFixture, type Int8ExactFixture } from './int8-exact-fixture.js';
