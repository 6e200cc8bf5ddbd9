#!/bin/sh
# Gives a Linux app image (installer/target/app-image/LayerLab) LayerLab's class-data archive, as ./layerlab has one:
# the ~9,000 classes a start loads (JavaFX's, JFreeChart's, Jackson's, LayerLab's), read, parsed and verified once into
# lib/app/layerlab.jsa, which every start then maps from disk. Run by installer/pom.xml after jpackage made the image.
#   installer/linux/class-archive.sh APP_IMAGE_DIR
#
# How: the app's own launcher starts the editor once as a warm-up (-Dlayerlab.warmUp=true: on Monocle's headless screen,
# settings held in memory, a home of its own; it exits after 30 frames), with -XX:ArchiveClassesAtExit added to its
# .cfg for that one start; the .cfg then gets -XX:SharedArchiveFile for good. The JVM maps an archive only for the jars
# it was made with, which it tells by their sizes and modification times, and jpackage's copy of the image into the
# .deb's tree gives the jars new times (dpkg then keeps those). So the jars are given one time here, written to
# lib/app/layerlab.jsa.time, and the .deb's postinst gives the installed jars that time again. A start that cannot use
# the archive (another time, a damaged file) runs as before: the JVM checks, and its messages about it are off.
# Never fails the build: without an archive the app works and starts ~2 s slower, and this says why.
set -u

image=${1:?usage: class-archive.sh APP_IMAGE_DIR}
app=$image/lib/app
cfg=$app/LayerLab.cfg
archive=$app/layerlab.jsa
launcher=$image/bin/LayerLab
[ -f "$cfg" ] && [ -x "$launcher" ] || { echo "class-archive.sh: no jpackage app image at $image" >&2; exit 1; }
rm -f "$archive" "$archive.time"
# A run of this script before on the same image (by hand) left its options: the image is made anew.
sed -i '/^java-options=-XX:SharedArchiveFile=/d; /^java-options=-Xlog:cds/d; /^java-options=-Xlog:aot/d' "$cfg"

# Before JDK 20 (JDK-8279366) an archive holds only for the jars' paths when it was made, so not once installed in
# /opt/layerlab: the runtime keeps the JDK's own archive (jlink's), and the app's is not made.
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$image/lib/runtime/release" 2>/dev/null)
if [ -z "$major" ] || [ "$major" -lt 20 ]; then
    echo "Class-data archive: none for the app's classes (the runtime is Java ${major:-?}; an installed app maps one from Java 20 on: build with -Dinstaller.jdk=<a newer JDK's home> for a ~2 s faster start)."
    exit 0
fi

# Puts the options given after the [JavaOptions] line of the launcher's settings file.
add_options() {
    tmp=$cfg.tmp
    awk -v add="$*" '{ print } /^\[JavaOptions\]/ { n = split(add, o, " "); for (i = 1; i <= n; i++) print "java-options=" o[i] }' \
        "$cfg" > "$tmp" && mv -f "$tmp" "$cfg"
}

stamp=$(date +%s)
touch -m -d "@$stamp" "$app"/*.jar

if ! home=$(mktemp -d); then
    echo "class-archive.sh: WARNING: no class-data archive (no temporary folder for the warm-up's home)." >&2
    exit 0
fi
cp -p "$cfg" "$cfg.orig"
# $APPDIR is the launcher's own token for lib/app.
add_options '-Dlayerlab.warmUp=true' "-Duser.home=$home" '-XX:ArchiveClassesAtExit=$APPDIR/layerlab.jsa'
timeout 300 "$launcher" </dev/null >"$home.log" 2>&1
status=$?
mv -f "$cfg.orig" "$cfg"

if [ "$status" -eq 0 ] && [ -s "$archive" ]; then
    echo "$stamp" > "$archive.time"
    # Java 25 says some of it under "aot", a tag that older JVMs refuse.
    quiet='-Xlog:cds*=off'
    if [ "$major" -ge 25 ]; then quiet="$quiet -Xlog:aot*=off"; fi
    add_options '-XX:SharedArchiveFile=$APPDIR/layerlab.jsa' $quiet
    echo "Class-data archive: $archive ($(du -h "$archive" | cut -f1))"
    rm -rf "$home" "$home.log"
else
    rm -f "$archive"
    echo "class-archive.sh: WARNING: no class-data archive (the warm-up start exited with $status; its output is in $home.log)." \
        "The app works, but starts about 2 s slower." >&2
    rm -rf "$home"
fi
exit 0
