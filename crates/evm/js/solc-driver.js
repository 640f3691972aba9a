// Compiles Solidity with solc-js (the npm package `solc`): Solidity standard-JSON
// input on stdin, `{ version, output }` (output: standard-JSON output) on stdout.
// Run by trellis-evm as `node -e <this file> <folder of the solc package>`.
// No import callback: every source must be given in the input.
'use strict';
const solc = require(process.argv[1]);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  const output = JSON.parse(solc.compile(input));
  process.stdout.write(JSON.stringify({ version: solc.version(), output }));
});
