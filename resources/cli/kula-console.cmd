@echo off
rem kula-console, installed with Kula ATS Console: runs the app's command-line interface on the
rem app's own binary in Node mode, as VS Code's `code` command does, so no Node.js install is
rem needed. Add this folder to the PATH (docs/cli.md).
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\Kula ATS Console.exe" "%~dp0..\app.asar.unpacked\out\cli\kula-console.cjs" %*
exit /b %ERRORLEVEL%
