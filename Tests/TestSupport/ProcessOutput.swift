// Tests start their children the way the web app and `langplan batch` do (ChildProcess:
// posix_spawn and waitpid, no libdispatch): `runChild` and `ChildRun` come from there.
@_exported import ChildProcess
