// What the entity and token commands run, imported when one of them runs.
export { GlossaryKeeper } from '../service/glossary-keeper.ts';
export { withServiceStore } from '../service/service-store.ts';
export { createToken, listTokens, revokeToken } from '../service/tokens.ts';
export { withStore } from './glossary-store.ts';
