; Inno Setup script for KneeLog on Windows (Inno Setup 6.3 or later).
;
; Build the PyInstaller bundle first (dist\kneelog\), then run from the repository root:
;   python packaging\windows\build_installer.py
; which calls
;   ISCC /DAppVersion=<kneelog.__version__> /DAppUserModelId=<kneelog.APP_ID> ^
;        /DSourceDir=<repo>\dist\kneelog /DOutputDir=<repo>\dist packaging\windows\kneelog.iss
; The version is never written here: it comes from kneelog/__init__.py through /DAppVersion.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z (packaging\windows\build_installer.py does it)
#endif
#ifndef AppUserModelId
  #error Pass the application id: ISCC /DAppUserModelId=<kneelog.APP_ID>
#endif
#ifndef AppNumericVersion
  ; Windows file versions are four numbers; build_installer.py passes them for pre-releases
  #define AppNumericVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\kneelog"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "KneeLog"
#define AppExeName "kneelog.exe"

[Setup]
; The AppId identifies the installation across upgrades: never change it.
AppId={{CA9A895E-31EB-4F5C-A179-D62B6CCFDFE6}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=KneeLog
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default (no administrator rights); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=KneeLog-{#AppVersion}-setup
SetupIconFile=..\..\resources\app\kneelog.ico
UninstallDisplayIcon={app}\{#AppExeName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Close a running KneeLog before files are replaced.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new bundle replaces the old one completely (stale modules from an older version must not linger).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; AppUserModelID: "{#AppUserModelId}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon; AppUserModelID: "{#AppUserModelId}"

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The user's journal lives under %LOCALAPPDATA% (platformdirs); the uninstaller removes only
; the files it installed, so the journal and its backups survive an uninstall.
