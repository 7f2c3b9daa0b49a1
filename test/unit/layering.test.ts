import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '../..');
const fixtures = path.join(repo, 'test/fixtures/layering');

async function lint(file: string) {
  const eslint = new ESLint({ cwd: repo, ignore: false });
  const [result] = await eslint.lintFiles([path.join(fixtures, file)]);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** Type-checks a fixture with a layer's own compiler options, as `tsc -p <layer>` would. */
function typeErrors(layer: string, file: string): string[] {
  const configFile = path.join(repo, layer, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile));
  const program = ts.createProgram([path.join(fixtures, file)], options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('layering', () => {
  it('reports a renderer file that imports electron, node:fs, or the main side', async () => {
    expect(await lint('renderer/imports-electron.ts')).toEqual([expect.stringMatching(/renderer\/ reaches the main side only through window\.guichet/)]);
    expect(await lint('renderer/imports-node-fs.ts')).toHaveLength(1);
    expect(await lint('renderer/imports-main-side.ts')).toHaveLength(1);
  });

  it('reports a shared/ file that imports node:crypto', async () => {
    expect(await lint('shared/imports-node-crypto.ts')).toEqual([expect.stringMatching(/shared\/ is pure TypeScript/)]);
  });

  it('reports a core file that imports electron', async () => {
    expect(await lint('core/imports-electron.ts')).toEqual([expect.stringMatching(/core runs in plain Node/)]);
  });

  it('reports a core file that imports shell/ or host/', async () => {
    expect(await lint('core/imports-shell.ts')).toEqual([expect.stringMatching(/core\/ never imports shell\/ or host\//)]);
    expect(await lint('core/imports-host.ts')).toEqual([expect.stringMatching(/core\/ never imports shell\/ or host\//)]);
  });

  it('reports a core file outside cli/ that imports cli/', async () => {
    expect(await lint('core/imports-cli.ts')).toEqual([expect.stringMatching(/cli\/ holds the IT commands/)]);
  });

  it('reports a broker file that imports a backend other than through identity-backend.ts', async () => {
    expect(await lint('broker/imports-ldap-backend.ts')).toEqual([expect.stringMatching(/broker knows backends only through backends\/identity-backend\.ts/)]);
    expect(await lint('broker/imports-identity-backend.ts')).toEqual([]);
  });

  it('keeps the core rules in the broker', async () => {
    const eslint = new ESLint({ cwd: repo, ignore: false });
    const [result] = await eslint.lintText("import { app } from 'electron';\nimport { x } from '../../shell/ipc';\nexport const y = [app, x];\n", {
      filePath: path.join(fixtures, 'broker/inline.ts'),
    });
    expect(result!.messages.map((m) => m.message)).toEqual([expect.stringMatching(/core runs in plain Node/), expect.stringMatching(/never imports shell/)]);
  });

  it("fails to compile a shared/ file that uses document or Buffer, under shared/'s tsconfig", () => {
    const errors = typeErrors('shared', 'shared/uses-document.ts');
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/Cannot find name 'document'/), expect.stringMatching(/Cannot find name 'Buffer'/)]));
  });

  it('lets the real tree through', async () => {
    const eslint = new ESLint({ cwd: repo });
    const results = await eslint.lintFiles(['shared', 'renderer', 'electron/core', 'electron/host']);
    const layering = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`));
    expect(layering).toEqual([]);
  }, 60_000);
});
