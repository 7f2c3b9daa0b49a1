import path from 'node:path';

/** Where IT drops the machine-wide config on each OS. */
export function machineConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Guichet', 'config.json');
    case 'darwin':
      return '/Library/Application Support/Guichet/config.json';
    default:
      return '/etc/guichet/config.json';
  }
}
