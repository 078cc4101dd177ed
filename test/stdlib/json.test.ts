// The json module's float writer follows serde_json (ryu's shortest digits, its
// own switch between plain and exponent notation), which JS's String() does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rustFloat } from '../../src/stdlib/json.js';
import { MeTTa, formatResults } from '../../src/index.js';

test('floats are written as serde_json writes them', () => {
  const cases: Array<[number, string]> = [
    [1, '1.0'], [-0, '-0.0'], [0, '0.0'], [0.1, '0.1'], [1.5, '1.5'], [-0.25, '-0.25'],
    [1e15, '1000000000000000.0'], [1e16, '1e16'], [1.2345e16, '1.2345e16'], [123456.789, '123456.789'],
    [1e-5, '0.00001'], [1e-6, '1e-6'], [1.5e-7, '1.5e-7'], [1e21, '1e21'], [2 ** 70, '1.1805916207174113e21'],
    [NaN, 'null'], [Infinity, 'null'], [5e-324, '5e-324'],
  ];
  for (const [x, s] of cases) assert.equal(rustFloat(x), s, String(x));
});

test('json-decode reads nested documents on both engines, keys sorted as serde_json sorts them', () => {
  for (const engine of ['tree', 'vm'] as const) {
    const m = new MeTTa({ engine });
    const r = m.run('!(import! &self json) !(let $d (json-decode "{\\"z\\": [true, null, -1.5], \\"a\\": {}}") (get-keys $d)) !(let $d (json-decode "{\\"b\\": 1, \\"a\\": [2, 3.0]}") (json-encode $d))');
    assert.deepEqual(r.map(formatResults), ['[()]', '["a", "z"]', '["{\\"a\\":[2, 3.0], \\"b\\":1}"]'], engine);
  }
});
