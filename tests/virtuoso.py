"""A real Virtuoso open-source server for the tests: temporary database and config, ports on 127.0.0.1.

``Virtuoso.start()`` writes a ``virtuoso.ini`` adapted from Debian's, starts ``virtuoso-t +foreground``,
waits until ``/sparql`` answers, lets the anonymous ``SPARQL`` web user run SPARQL Update (isql
``GRANT SPARQL_UPDATE``), and ``stop()`` kills it. No skip when the binary is missing: the test fails,
naming the Debian package to install (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"

INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {d}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 512M
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 4
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {d}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[VDB]
ArrayOptimization           = 0
NumArrayParameters          = 10
VDBDisconnectTimeout        = 1000
KeepConnectionOnFixedThread = 0

[Replication]
ServerName   = db
ServerEnable = 1
QueueMax     = 50000

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
DefaultQuery               = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
DeferInferenceRulesInit    = 0
"""

SETUP_SQL = ('GRANT SPARQL_UPDATE TO "SPARQL";',
             "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Virtuoso:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.sql_port = free_port()
        self.http_port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def location(self) -> str:
        """The kg store location for this server."""
        return "sparql+" + self.sparql

    def start(self, wait: float = 90.0) -> "Virtuoso":
        if not os.path.exists(VIRTUOSO):
            raise RuntimeError(f"{VIRTUOSO} is missing: install Debian's virtuoso-opensource package "
                               "(apt-get install virtuoso-opensource; .ci/run does it)")
        (self.folder / "vsp").mkdir(parents=True, exist_ok=True)  # no web pages needed, only /sparql
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(d=self.folder, sql_port=self.sql_port, http_port=self.http_port))
        self.log = open(self.folder / "stdout.log", "wb")
        self.proc = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"], cwd=self.folder,
                                     stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited ({self.proc.returncode}): {self.tail()}")
            try:
                with urllib.request.urlopen(self.sparql + "?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        else:
            self.stop()
            raise RuntimeError(f"virtuoso did not answer on {self.sparql} within {wait}s: {self.tail()}")
        self.isql(*SETUP_SQL)
        return self

    def isql(self, *statements: str) -> str:
        script = "\n".join(statements) + "\n"
        res = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba"], input=script,
                             capture_output=True, text=True, timeout=60)
        if res.returncode != 0 or "*** Error" in res.stdout:
            raise RuntimeError(f"isql failed: {res.stdout[-800:]} {res.stderr[-400:]}")
        return res.stdout

    def tail(self) -> str:
        try:
            return (self.folder / "virtuoso.log").read_text(errors="replace")[-1500:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
