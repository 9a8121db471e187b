// Architecture rule 3 for the control plane: every API path is written once, in the route
// tables of src-shared/common/api/controlPlane/, and called through them. A '/api/…' string
// anywhere else is a second, unchecked copy of the contract.

/** Whether a string holds a control-plane path ('/api/…'). */
const holdsApiPath = (text) => typeof text === 'string' && text.includes('/api/');

/** Module specifiers ('../common/api/vault') name files, not routes. */
function isModuleSpecifier(node) {
  const parent = node.parent;
  if (!parent) return false;
  if (
    [
      'ImportDeclaration',
      'ExportNamedDeclaration',
      'ExportAllDeclaration',
      'ImportExpression',
      'TSExternalModuleReference',
      'TSImportType',
    ].includes(parent.type)
  )
    return true;
  if (parent.type === 'TSLiteralType' && parent.parent?.type === 'TSImportType') return true;
  return parent.type === 'CallExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'require';
}

const message =
  "Control-plane paths live in the route tables (src-shared/common/api/controlPlane/): call the table's entry instead of writing '/api/…' here.";

/** @type {import('eslint').Rule.RuleModule} */
export const apiPathsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Control-plane API paths are written only in the route tables' },
    schema: [],
  },
  create(context) {
    return {
      Literal: (node) => {
        if (holdsApiPath(node.value) && !isModuleSpecifier(node)) context.report({ node, message });
      },
      TemplateLiteral: (node) => {
        if (node.quasis.some((q) => holdsApiPath(q.value.cooked))) context.report({ node, message });
      },
    };
  },
};
