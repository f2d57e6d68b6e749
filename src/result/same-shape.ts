/**
 * Compile-time checks that a zod schema and a hand-written type are the same shape (schema.ts, suite-schema.ts).
 * On disk a statistic may be null where memory has NaN, so both sides are compared with every number widened to
 * number | null.
 */
export type Widen<T> = T extends number ? number | null : T extends object ? { [K in keyof T]: Widen<T[K]> } : T;
/** Every dotted field path of a type, optional fields included (mutual assignability alone misses those). */
export type Paths<T> = T extends readonly (infer U)[] ? Paths<U>
  : T extends object ? { [K in keyof T & string]-?: K | `${K}.${Paths<NonNullable<T[K]>>}` }[keyof T & string] : never;
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
