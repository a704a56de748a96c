/** The syntax tree of a mapping expression. `pos` is the 0-based offset of the node's first character. */

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Node =
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: number }
  /** A bare name such as vbTextCompare or UTF8, canonical spelling. */
  | { readonly kind: 'constant'; readonly name: string; readonly pos: number }
  /** `[name]`, the name as written (trimmed). */
  | { readonly kind: 'attribute'; readonly name: string; readonly pos: number }
  /** An omitted argument: `Replace([mail], "@x", , , "", , )`. */
  | { readonly kind: 'missing'; readonly pos: number }
  /** A function call, name in its canonical spelling. */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[]; readonly pos: number }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Node; readonly right: Node; readonly pos: number }
  /** `a & b`: string concatenation (VBA). */
  | { readonly kind: 'concat'; readonly parts: readonly Node[]; readonly pos: number };
