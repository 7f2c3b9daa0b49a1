// @ts-check
/**
 * Installers for Windows (MSI, NSIS), macOS (dmg, pkg) and Linux (AppImage, deb, rpm), built hardened.
 * Nothing secret lives here: code signing reads CSC_LINK / CSC_KEY_PASSWORD (WIN_CSC_LINK on Windows), and
 * notarization reads APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER (or APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD
 * + APPLE_TEAM_ID) from the environment; without them the build is unsigned and not notarized.
 *
 * @type {import('electron-builder').Configuration}
 */
const config = {
  appId: 'org.guichet.app',
  productName: 'Guichet',
  copyright: 'Guichet contributors',
  directories: { output: 'dist', buildResources: 'build/resources' },
  // What electron-vite built; electron-builder adds the production dependencies from node_modules itself.
  // The browser host (dev/demo/test only) never ships. ECharts is imported as ES modules (lib/), never its 50 MB of
  // prebuilt browser bundles (dist/) or its types.
  files: ['out/**/*', '!out/**/*.map', '!out/host/**', 'package.json', '!node_modules/{echarts,zrender}/{dist,types}/**'],
  asar: true,
  // better-sqlite3, keytar and @napi-rs/canvas (its per-platform package) are native: loaded from app.asar.unpacked.
  asarUnpack: ['**/*.node'],
  // The audio CAPTCHA's recorded letters stay plain files beside app.asar (<resources>/captcha-clips/<locale>/<char>.wav);
  // the shell points the core at that folder (electron/shell/captcha-clips-dir.ts). The image CAPTCHA's font and its
  // licence come along in font/.
  extraResources: [{ from: 'electron/core/verify/captcha/clips', to: 'captcha-clips', filter: ['*/*.wav', 'font/*'] }],
  // Native modules are rebuilt for the packaged Electron's ABI (prebuilt binaries when they exist).
  npmRebuild: true,
  buildDependenciesFromSource: false,
  artifactName: '${productName}-${version}-${arch}.${ext}',
  publish: null,

  // Electron fuses are flipped in the binary at packaging time, before signing.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Checked by Electron on macOS and Windows; Linux has no asar integrity check yet.
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The renderer comes from app://, so file:// pages get no privileges beyond a browser's.
    grantFileProtocolExtraPrivileges: false,
    loadBrowserProcessSpecificV8Snapshot: false,
  },

  win: {
    target: [
      { target: 'msi', arch: ['x64'] },
      { target: 'nsis', arch: ['x64'] },
    ],
    executableName: 'Guichet',
    requestedExecutionLevel: 'asInvoker',
  },
  // For GPO / Intune / SCCM: `msiexec /i Guichet-<version>-x64.msi /quiet`. The upgrade code never changes,
  // so a newer MSI replaces an older one.
  msi: {
    perMachine: true,
    oneClick: true,
    upgradeCode: '163CEB19-F65E-4155-BE8D-414601BA6F27',
    runAfterFinish: false,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    shortcutName: 'Guichet',
  },
  // Silent install for all users: `Guichet-<version>-x64.exe /S /allusers /D=C:\Program Files\Guichet`.
  nsis: {
    perMachine: true,
    oneClick: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    runAfterFinish: false,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    shortcutName: 'Guichet',
    deleteAppDataOnUninstall: false,
  },

  mac: {
    target: [
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'pkg', arch: ['arm64', 'x64'] },
    ],
    category: 'public.app-category.utilities',
    hardenedRuntime: true,
    gatekeeperAssess: false,
  },
  dmg: { writeUpdateInfo: false },
  // For MDM: always /Applications, never relocated to a copy a user moved elsewhere.
  pkg: {
    installLocation: '/Applications',
    allowAnywhere: false,
    allowCurrentUserHome: false,
    isRelocatable: false,
    overwriteAction: 'upgrade',
  },

  linux: {
    target: ['AppImage', 'deb', 'rpm'],
    executableName: 'guichet',
    category: 'Utility',
    synopsis: 'Security info enrollment and password recovery kiosk',
    maintainer: 'Guichet maintainers <guichet-maintainers@localhost>',
    vendor: 'Guichet',
  },
  deb: {
    packageName: 'guichet',
    artifactName: '${name}_${version}_${arch}.${ext}',
    // electron-builder's defaults, written out so the Secret Service library keytar needs cannot fall off the list.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  },
  rpm: {
    packageName: 'guichet',
    artifactName: '${name}-${version}.${arch}.${ext}',
    depends: ['gtk3', 'libnotify', 'nss', 'libXScrnSaver', '(libXtst or libXtst6)', 'xdg-utils', 'at-spi2-core', '(libuuid or libuuid1)', 'libsecret'],
  },
};

export default config;
