"""What goes into the Lambda assets: each service's own code and two layers of third-party packages: a
core layer every function gets, and a scientific layer (numpy, scipy: ~180 MB of the ~215) that only the
functions a manifest names in `scientific_functions` get.

No Docker: the layer is built by `pip install --platform …` for the Lambda platform (local bundling), pinned
by requirements.lock so the cloud runs the versions the tests ran, and cached outside the repository by the
hash of the dependency list and the lock, so a second synth, or a second clone, does not install again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
from aws_cdk import aws_lambda as lambda_
from constructs import Construct
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from shared.manifest import SERVICE_NAMES

REPO_ROOT = Path(__file__).resolve().parents[2]

RUNTIME = lambda_.Runtime.PYTHON_3_14
ARCHITECTURE = lambda_.Architecture.ARM_64
#: Must match RUNTIME: pip picks the wheels (their ABI) for this interpreter.
LAMBDA_PYTHON_VERSION = "3.14"
PIP_PLATFORM_ARGS: tuple[str, ...] = (
    "--platform",
    "manylinux_2_28_aarch64",
    "--platform",
    "manylinux2014_aarch64",
    "--implementation",
    "cp",
    "--python-version",
    LAMBDA_PYTHON_VERSION,
    "--only-binary=:all:",
)

#: The runtime ships the AWS SDK; a second copy would only add 30 MB.
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer"})
#: Dead weight at run time: bytecode of the build interpreter, test suites, C headers and sources, stubs.
TRIM_DIRS = frozenset({"__pycache__", "tests", "include"})
TRIM_SUFFIXES = (".pyi", ".pxd", ".pyx", ".h", ".c", ".cpp")
#: Bump when the trimming or the layout changes, so cached layers built the old way are not reused.
LAYER_FORMAT = 1
#: The distributions of the scientific layer; everything else installed goes in the core layer.
SCIENTIFIC = frozenset({"numpy", "scipy"})
LAYER_PARTS = ("core", "scientific")


LOCK = REPO_ROOT / "requirements.lock"


def runtime_requirements(pyproject: Path = REPO_ROOT / "pyproject.toml") -> list[str]:
    """`[project].dependencies` less what the Lambda runtime already provides."""
    with pyproject.open("rb") as fh:
        dependencies: list[str] = tomllib.load(fh)["project"]["dependencies"]
    return [d for d in dependencies if canonicalize_name(Requirement(d).name) not in RUNTIME_PROVIDED]


def layer_hash(requirements: list[str], lock: Path = LOCK) -> str:
    key = {
        "requirements": sorted(requirements),
        "lock": lock.read_text() if lock.exists() else None,
        "pip": PIP_PLATFORM_ARGS,
        "format": LAYER_FORMAT,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:24]


def layer_cache_root() -> Path:
    override = os.environ.get("TANDEM_LAYER_CACHE")
    if override:
        return Path(override)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tandem" / "layer"


def build_layer_tree(requirements: list[str], cache_root: Path) -> Path:
    """The installed and trimmed `python/` tree for these requirements, built once per hash."""
    target = cache_root / layer_hash(requirements)
    if (target / "python").is_dir():
        return target
    cache_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=cache_root))
    try:
        # Pinned by the lock: the layer holds the versions the tests ran with (scipy is a range here).
        pins = ["--constraint", str(LOCK)] if LOCK.exists() else []
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-compile",
            "--disable-pip-version-check",
            *PIP_PLATFORM_ARGS,
            *pins,
            "--target",
            str(work / "python"),
            *requirements,
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise RuntimeError(f"pip could not build the dependency layer:\n{result.stdout}\n{result.stderr}")
        _trim(work / "python")
        try:
            work.rename(target)
        except OSError:
            # Another synth finished the same hash first; its tree is as good as ours.
            if not (target / "python").is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _distribution_entries(site: Path) -> dict[str, set[str]]:
    """Each installed distribution's top-level entries of `site` (packages, .libs folders, dist-info),
    from its RECORD, so a layer takes whole distributions."""
    entries: dict[str, set[str]] = {}
    for info in site.glob("*.dist-info"):
        name = canonicalize_name(info.name.removesuffix(".dist-info").split("-")[0])
        record = info / "RECORD"
        tops = {info.name}
        if record.exists():
            tops |= {
                line.split(",", 1)[0].split("/", 1)[0] for line in record.read_text().splitlines() if line
            }
        entries[name] = {t for t in tops if t and not t.startswith("..") and (site / t).exists()}
    return entries


def layer_part_tree(requirements: list[str], part: str, cache_root: Path) -> Path:
    """The `python/` tree of one layer part: the full tree (built once) split by distribution, hard-linked
    into its own cache folder, so both layers hold exactly the locked versions."""
    if part not in LAYER_PARTS:
        raise ValueError(f"unknown layer part {part!r}")
    full = build_layer_tree(requirements, cache_root)
    target = cache_root / f"{full.name}-{part}"
    if (target / "python").is_dir():
        return target
    site = full / "python"
    by_distribution = _distribution_entries(site)
    scientific = set().union(*(e for n, e in by_distribution.items() if n in SCIENTIFIC))
    chosen = scientific if part == "scientific" else {p.name for p in site.iterdir()} - scientific
    work = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=cache_root))
    try:
        for name in sorted(chosen):
            source = site / name
            if source.is_dir():
                _link_tree(source, work / "python" / name)
            else:
                (work / "python").mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, work / "python" / name)
        (work / "python").mkdir(parents=True, exist_ok=True)
        try:
            work.rename(target)
        except OSError:
            if not (target / "python").is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _trim(site: Path) -> None:
    for entry in list(site.iterdir()):
        name = canonicalize_name(entry.name.split("-")[0])
        if name in RUNTIME_PROVIDED or entry.name.endswith("-stubs") or entry.name == "bin":
            _remove(entry)
    for path in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if (path.is_dir() and path.name in TRIM_DIRS) or (path.is_file() and path.suffix in TRIM_SUFFIXES):
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _link_tree(source: Path, destination: Path) -> None:
    """Hard-link when the cache and the cloud assembly share a file system: no second 180 MB copy."""
    try:
        shutil.copytree(source, destination, copy_function=os.link, dirs_exist_ok=True)
    except OSError:
        shutil.copytree(source, destination, dirs_exist_ok=True)


@jsii.implements(cdk.ILocalBundling)
class _LayerBundler:
    def __init__(self, requirements: list[str], part: str, cache_root: Path) -> None:
        self._requirements = requirements
        self._part = part
        self._cache_root = cache_root

    # CDK passes the bundling options too; the pip command above is all this bundler needs.
    def try_bundle(self, output_dir: str, *_args: Any, **_options: Any) -> bool:
        tree = layer_part_tree(self._requirements, self._part, self._cache_root)
        _link_tree(tree, Path(output_dir))
        return True


def dependency_layer(scope: Construct, construct_id: str, part: str) -> lambda_.LayerVersion:
    """One part ("core" or "scientific") of the third-party packages as a layer."""
    requirements = runtime_requirements()
    bundling = cdk.BundlingOptions(
        image=RUNTIME.bundling_image,  # never pulled: local bundling always succeeds or raises
        local=_LayerBundler(requirements, part, layer_cache_root()),
    )
    code = lambda_.Code.from_asset(
        str(Path(__file__).parent),
        asset_hash_type=cdk.AssetHashType.CUSTOM,
        asset_hash=f"{layer_hash(requirements)}-{part}",
        bundling=bundling,
    )
    names = sorted(
        r
        for r in requirements
        if (canonicalize_name(Requirement(r).name) in SCIENTIFIC) == (part == "scientific")
    )
    return lambda_.LayerVersion(
        scope,
        construct_id,
        code=code,
        compatible_runtimes=[RUNTIME],
        compatible_architectures=[ARCHITECTURE],
        description=f"Tandem third-party packages ({part}): {', '.join(names)}"[:256],
    )


#: What every asset holds of every service: the signed-in pages build their navigation from all manifests
#: (shared/web/nav.py reads `shared.manifest.load_services()`). A manifest imports only `shared.manifest`.
SERVICE_DESCRIPTION_FILES = ("__init__.py", "manifest.py")


def service_code(service: str) -> lambda_.Code:
    """The service folder, `shared/`, the root `services/__init__.py`, and every other service's manifest
    (with its package's `__init__.py`) but none of its code: the repo root is the import root."""
    staging = Path(_staging_root().name) / service
    if staging.exists():
        shutil.rmtree(staging)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache")
    shutil.copytree(REPO_ROOT / "shared", staging / "shared", ignore=ignore)
    shutil.copytree(REPO_ROOT / "services" / service, staging / "services" / service, ignore=ignore)
    shutil.copy2(REPO_ROOT / "services" / "__init__.py", staging / "services" / "__init__.py")
    for other in SERVICE_NAMES:
        if other == service:
            continue
        (staging / "services" / other).mkdir(parents=True)
        for name in SERVICE_DESCRIPTION_FILES:
            shutil.copy2(REPO_ROOT / "services" / other / name, staging / "services" / other / name)
    # CDK copies the folder into the cloud assembly when a function binds it; this is only its source.
    return lambda_.Code.from_asset(str(staging))


@functools.cache
def _staging_root() -> tempfile.TemporaryDirectory[str]:
    # Kept alive by the cache, removed when the process exits.
    return tempfile.TemporaryDirectory(prefix="tandem-assets-")
