'use strict';
// Reads [{name, source, shipped}] as JSON on stdin and prints, for each runtime file, whether its shipped form parses
// (TypeScript's parser, as a JavaScript file) to the same syntax tree as its source: the same nodes in the same
// order, the same names and literals. Comments and white space are not in the tree, parentheses count only as the
// grouping the tree's shape already shows, and a declaration statement counts as its declarations, each with its
// kind (`const a = 1; const b = 2;` is `const a = 1, b = 2;`); so what minifying did changed nothing only if the
// trees are equal. In the shipped form, `!0`, `!1` and `void 0` count as the `true`, `false` and `undefined` they
// are (minify.py writes them so), and a typeof compared by == or != with a string as by === or !== (two strings);
// in a source they count as what they say. Used by tests/test_minify.py.
const ts = require('typescript');

/** The tree as one line per node: its kind, and the text of names and literals. */
function tree(name, text, shipped) {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const lines = [];
  const visit = (node, depth) => {
    if (ts.isParenthesizedExpression(node)) return visit(node.expression, depth);
    const boolean = shipped && ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken
      && ts.isNumericLiteral(node.operand) && node.operand.getText(file);
    if (boolean === '0' || boolean === '1') return void lines.push(depth + ' ' + (boolean === '0' ? 'True' : 'False') + 'Keyword');
    const loose = { [ts.SyntaxKind.EqualsEqualsToken]: 'EqualsEqualsEqualsToken', [ts.SyntaxKind.ExclamationEqualsToken]: 'ExclamationEqualsEqualsToken' };
    if (shipped && ts.isBinaryExpression(node) && loose[node.operatorToken.kind] && ts.isTypeOfExpression(node.left) && ts.isStringLiteral(node.right)) {
      lines.push(depth + ' BinaryExpression');
      visit(node.left, depth + 1);
      lines.push(depth + 1 + ' ' + loose[node.operatorToken.kind]);
      return visit(node.right, depth + 1);
    }
    if (shipped && ts.isVoidExpression(node) && ts.isNumericLiteral(node.expression) && node.expression.getText(file) === '0') {
      return void lines.push(depth + ' Identifier undefined');
    }
    if (ts.isVariableStatement(node) && !node.modifiers) {
      const kind = node.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let);
      for (const declaration of node.declarationList.declarations) {
        lines.push(depth + ' declaration ' + kind);
        visit(declaration, depth + 1);
      }
      return undefined;
    }
    const leaf = ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isLiteralKind(node.kind);
    lines.push(depth + ' ' + ts.SyntaxKind[node.kind] + (leaf ? ' ' + node.text : ''));
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(file, 0);
  return { lines, errors: file.parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')) };
}

const files = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const report = files.map(({ name, source, shipped }) => {
  const a = tree(name, source);
  const b = tree(name, shipped, true);
  const at = a.lines.findIndex((line, i) => line !== b.lines[i]);
  const differs = at >= 0 || a.lines.length !== b.lines.length;
  return {
    name, nodes: a.lines.length, errors: b.errors.concat(a.errors),
    difference: differs ? { at, source: a.lines[at] || null, shipped: b.lines[at >= 0 ? at : a.lines.length] || null } : null,
  };
});
process.stdout.write(JSON.stringify(report));
