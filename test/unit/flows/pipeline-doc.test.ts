/** docs/pipeline.md must say what DEFAULT_PIPELINE declares (house style B10). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PIPELINE } from '../../../src/flows/pipeline';
import { renderPipelineDoc } from '../../../src/flows/pipeline-doc';

it('docs/pipeline.md carries the rendered default pipeline', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'pipeline.md'), 'utf8');
  expect(doc).toContain(renderPipelineDoc('Default pipeline', DEFAULT_PIPELINE));
});
