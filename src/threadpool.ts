/**
 * libuv's pool runs the Argon2id hashes: one thread per core unless UV_THREADPOOL_SIZE says
 * otherwise (`defaultThreadPoolSize`). On Node's default of four threads on two cores, an
 * activation burst took a tenth more CPU per hash (four hashes' memory in use at once instead
 * of two). libuv reads the size when the pool first starts: `src/main.ts` imports this module
 * before anything else, as do the benches.
 */
import { defaultThreadPoolSize } from './config.ts';

process.env.UV_THREADPOOL_SIZE ||= String(defaultThreadPoolSize());
