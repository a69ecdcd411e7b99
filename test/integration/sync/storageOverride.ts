/**
 * A client storage with some methods of some storage instances replaced (not a test file): how the
 * sync tests make RxDB's storage misbehave deterministically (a stale read, a failed write) without
 * touching RxDB itself.
 */
import type { RxStorage, RxStorageInstance, RxStorageInstanceCreationParams } from 'rxdb';

/** A storage instance as the overrides see it. */
export type AnyStorageInstance = RxStorageInstance<never, unknown, unknown>;

/**
 * Wraps `base` so that each storage instance `select` picks answers the methods `overrides(instance)`
 * returns (made once, when the instance is created) instead of its own; every other property is the
 * instance's own (methods bound to it). Instances `select` does not pick are returned unchanged.
 */
export function storageOverride(
  select: (params: Pick<RxStorageInstanceCreationParams<unknown, unknown>, 'collectionName'>) => boolean,
  overrides: (instance: AnyStorageInstance) => Record<string, unknown>,
): (base: RxStorage<unknown, unknown>) => RxStorage<unknown, unknown> {
  return (base) => ({
    ...base,
    name: base.name,
    rxdbVersion: base.rxdbVersion,
    async createStorageInstance(params) {
      const inner = (await base.createStorageInstance(params)) as unknown as AnyStorageInstance;
      if (!select(params)) return inner as never;
      const own = overrides(inner);
      return new Proxy(inner, {
        get(target, prop) {
          if (typeof prop === 'string' && prop in own) return own[prop];
          const v = Reflect.get(target, prop) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      }) as never;
    },
  });
}
