"""The independent tools the interoperability tests run for real (installed by ``scripts/setup --test``):
Debian's rapper (raptor2-utils), Jena's riot (libapache-jena-java, run with ``java -cp``) and HermiT
through owlready2 (a Java runtime). A missing tool is a failure naming its package, never a skip."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

JAVA_DIR = Path("/usr/share/java")
# Jena 4.5's riot and the jars it needs at run time (Debian's libapache-jena-java and its Depends);
# not /usr/share/java/* (two SLF4J bindings loop). slf4j-simple: riot reports errors by logging.
JENA_DEPS = ["slf4j-api", "slf4j-simple", "commons-cli", "commons-codec", "commons-compress", "commons-csv",
             "commons-io", "commons-lang3", "dexx.collection", "gson", "guava", "jsonld-java", "titanium-json-ld",
             "jakarta.json-api", "jackson-core", "jackson-databind", "jackson-annotations", "protobuf", "thrift",
             "httpclient", "httpclient-cache", "httpcore"]
# riot --syntax names for kg export's formats; JSON-LD 1.0 (jsonld-java): Debian ships no
# Jakarta JSON implementation for the JSON-LD 1.1 reader
RIOT_SYNTAX = {"turtle": "turtle", "trig": "trig", "nt": "ntriples", "nquads": "nquads", "jsonld": "jsonld10",
               "xml": "rdfxml"}
RAPPER_SYNTAX = {"turtle": "turtle", "trig": "trig", "nt": "ntriples", "nquads": "nquads", "xml": "rdfxml"}


def _need(path: Path, package: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: install Debian's {package} (scripts/setup --test does)")


@functools.lru_cache(maxsize=1)
def jena_classpath() -> str:
    """The classpath for ``java riotcmd.riot``. Debian's Jena moved its bundled Xerces to package
    ``xerces`` but left its message files under ``org/apache/jena/ext/xerces``: without them Xerces
    fails to start ("internal error"), so they are copied from jena-core.jar to where it looks."""
    _need(JAVA_DIR / "jena-arq.jar", "libapache-jena-java")
    if shutil.which("java") is None:
        pytest.fail("java is missing: install Debian's default-jre-headless (scripts/setup --test does)")
    jars = sorted(JAVA_DIR.glob("jena-*-[0-9]*.jar"))
    for name in JENA_DEPS:
        _need(JAVA_DIR / f"{name}.jar", "libapache-jena-java")
    messages = Path(__file__).resolve().parent / "artifacts" / "jena-xerces-messages"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for entry in jar.namelist():
            if entry.startswith("org/apache/jena/ext/xerces/") and entry.endswith(".properties"):
                target = messages / "xerces" / entry[len("org/apache/jena/ext/xerces/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(entry))
    return ":".join([str(j) for j in jars] + [str(JAVA_DIR / f"{n}.jar") for n in JENA_DEPS] + [str(messages)])


def riot(path: Path, fmt: str, output: str | None = None) -> subprocess.CompletedProcess:
    """``riot --strict`` on ``path`` (a kg export format name): validation, or conversion to
    ``output`` (nt, nq) on stdout. Its stderr carries every warning and error."""
    args = ["java", "-cp", jena_classpath(), "riotcmd.riot", "--strict", f"--syntax={RIOT_SYNTAX[fmt]}"]
    args += [f"--output={output}"] if output else ["--validate"]
    return subprocess.run(args + [str(path)], capture_output=True, text=True, timeout=300)


def rapper_count(path: Path, fmt: str) -> tuple[int, str]:
    """rapper's count of the statements in ``path`` and its stderr (warnings, errors)."""
    if shutil.which("rapper") is None:
        pytest.fail("rapper is missing: install Debian's raptor2-utils (scripts/setup --test does)")
    proc = subprocess.run(["rapper", "-c", "-i", RAPPER_SYNTAX[fmt], str(path)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"Parsing returned (\d+) (?:triples|statements)", proc.stderr)
    assert m, proc.stderr
    others = [line for line in proc.stderr.splitlines() if "Parsing returned" not in line
              and not line.startswith("rapper: Parsing URI")]
    return int(m.group(1)), "\n".join(others)


def hermit_consistent(rdfxml: Path) -> bool:
    """Whether HermiT (owlready2's bundled reasoner, run in Java) finds the ontology in ``rdfxml``
    consistent. Other errors (an unsupported datatype, a parse error) are raised."""
    import owlready2

    if shutil.which("java") is None:
        pytest.fail("java is missing: install Debian's default-jre-headless (scripts/setup --test does)")
    world = owlready2.World()
    onto = world.get_ontology(rdfxml.resolve().as_uri()).load(format="rdfxml")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    finally:
        world.close()
    return True
