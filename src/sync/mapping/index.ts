/**
 * Entra's attribute-mapping expression language (parser, evaluator, the documented functions) and
 * the default AD → Entra user and group mappings. See docs/mapping.md.
 */
export { IGNORE_FLOW, type EvalContext, type IgnoreFlow, type Value } from './types.js';
export { evaluate, parseExpression, type ParsedExpression } from './expression.js';
export type { Node as ExpressionNode } from './ast.js';
export {
  applyMapping,
  compileMapping,
  objectContext,
  type ApplyOptions,
  type AttributeMapping,
  type CompiledMapping,
  type MappedAttribute,
  type TargetType,
} from './mapping.js';
export { DEFAULT_GROUP_MAPPING, DEFAULT_USER_MAPPING } from './defaults.js';
export { FUNCTIONS as MAPPING_FUNCTIONS } from './functions/registry.js';
