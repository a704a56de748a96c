/**
 * Values and context of Entra's attribute-mapping expression language.
 *
 * A value is what an attribute reference, literal or function gives:
 * - `null`: no value (an absent attribute, an omitted argument);
 * - `string`, `number`, `boolean`;
 * - `Date`: a UTC date-time (DateFromNum, CDate, Now, DateAdd); as text it reads
 *   `M/d/yyyy h:mm:ss tt`, the form the Entra documentation shows;
 * - `Buffer`: a binary AD attribute (objectGUID, objectSid, …), as the directory sources give it;
 * - an array: a multi-valued attribute with two or more values, or a function result such as
 *   Split. A one-valued attribute is its single value, and an absent or empty one is `null`.
 * Arrays may be the source's own arrays: values are never mutated.
 */
export type Value = string | number | boolean | Date | Buffer | null | readonly Value[];

/** Where an expression reads its attributes and what it may ask of the outside world. */
export interface EvalContext {
  /**
   * The values of a source attribute, or undefined when absent. Called with the attribute name in
   * lower case (AD names are case-insensitive and DirectoryObject keys are lower case).
   */
  attribute(name: string): readonly (string | Buffer)[] | undefined;
  /** The clock for Now() and date formats without a date part; defaults to the system clock. */
  now?: () => Date;
  /** SelectUniqueValue's check: is this value unused for `target` in the target directory? */
  isUnique?: (value: string, target: string) => Promise<boolean>;
  /** The target attribute being computed (passed to isUnique). */
  target?: string;
}

/** The result meaning "do not write this attribute at all" (IgnoreFlowIfNullOrEmpty). */
export const IGNORE_FLOW: unique symbol = Symbol('cloudsync.mapping.ignoreFlow');
export type IgnoreFlow = typeof IGNORE_FLOW;

/** A compiled piece of an expression: evaluates synchronously against one object. */
export type Fn = (ctx: EvalContext) => Value;
