#!/bin/sh
# The C++ runtime Bun's musl builds link (libstdc++.so.6, libgcc_s.so.1), built for musl from Debian
# packages, for the musl image of test/e2e/docker: Debian ships no C++ runtime for musl, Alpine's
# `apk add libstdc++` is what a real image uses.
#   libstdc++.so.6  GCC 12's libstdc++ (package gcc-12-source), compiled against musl (musl-tools)
#   libgcc_s.so.1   LLVM's unwinder (libunwind-14-dev) behind libgcc_s's name, linked against musl
# Usage: build-cxx-runtime.sh OUT_DIR   (a few minutes; does nothing when OUT_DIR already holds both)
set -eu
out=$(realpath -m "${1:?usage: build-cxx-runtime.sh OUT_DIR}")
[ -f "$out/libstdc++.so.6" ] && [ -f "$out/libgcc_s.so.1" ] && exit 0
specs=/usr/lib/x86_64-linux-musl/musl-gcc.specs
source=/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz
for need in "$specs" "$source" /usr/lib/llvm-14/lib/libunwind.a; do
  [ -e "$need" ] || { echo "build-cxx-runtime: $need missing (apt-get install musl-tools gcc-12-source libunwind-14-dev g++)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# libgcc_s.so.1: the _Unwind_* API of LLVM's libunwind. Debian built it with _FORTIFY_SOURCE, and musl has
# no __fprintf_chk: the one fortified call it makes (a debug message) goes to plain vfprintf.
cat > "$work/fortify.c" <<'C'
#include <stdarg.h>
#include <stdio.h>
int __fprintf_chk(FILE *stream, int flag, const char *format, ...) {
  (void)flag;
  va_list ap;
  va_start(ap, format);
  int n = vfprintf(stream, format, ap);
  va_end(ap);
  return n;
}
C
gcc -specs "$specs" -O2 -fPIC -c "$work/fortify.c" -o "$work/fortify.o"
gcc -specs "$specs" -shared -o "$work/libgcc_s.so.1" -Wl,-soname,libgcc_s.so.1 \
  -Wl,--whole-archive /usr/lib/llvm-14/lib/libunwind.a -Wl,--no-whole-archive "$work/fortify.o" -lc

# libstdc++: GCC's own sources, configured for an x86_64-linux-musl host with the system compiler and musl's
# headers. The arithmetic helpers of libgcc (__udivti3, …) link in statically, as -lgcc_s's GROUP says.
tar -xJf "$source" -C "$work" --wildcards 'gcc-12.2.0/libstdc++-v3/*' 'gcc-12.2.0/libgcc/*' 'gcc-12.2.0/include/*' \
  'gcc-12.2.0/config/*' 'gcc-12.2.0/libiberty/*' 'gcc-12.2.0/config.sub' 'gcc-12.2.0/config.guess' 'gcc-12.2.0/install-sh' \
  'gcc-12.2.0/ltmain.sh' 'gcc-12.2.0/missing' 'gcc-12.2.0/mkinstalldirs' 'gcc-12.2.0/move-if-change' 'gcc-12.2.0/config-ml.in' \
  'gcc-12.2.0/depcomp' 'gcc-12.2.0/compile' 'gcc-12.2.0/gcc/BASE-VER' 'gcc-12.2.0/gcc/DATESTAMP'
# A full GCC build makes this link for --enable-threads=posix; without it libstdc++ has no std::thread.
cp "$work/gcc-12.2.0/libgcc/gthr-posix.h" "$work/gcc-12.2.0/libgcc/gthr-default.h"
mkdir "$work/build"
cd "$work/build"
# -lgcc_s: libstdc++ needs the unwinder at run time, as everywhere; -lgcc: libgcc's arithmetic helpers, linked in.
ln -s libgcc_s.so.1 "$work/libgcc_s.so"
export CC="gcc -specs $specs -L$work" CXX="g++ -specs $specs -L$work" LIBS="-lgcc_s -lgcc"
../gcc-12.2.0/libstdc++-v3/configure --host=x86_64-linux-musl --build=x86_64-linux-gnu --prefix="$work/prefix" \
  --disable-multilib --disable-nls --disable-libstdcxx-pch --enable-shared --disable-static >"$work/configure.log" 2>&1 \
  || { tail -20 "$work/configure.log" >&2; exit 1; }
make -j"$(nproc)" >"$work/make.log" 2>&1 || { tail -20 "$work/make.log" >&2; exit 1; }
readelf -d "$work/build/src/.libs/libstdc++.so.6" | grep -q 'NEEDED.*libgcc_s.so.1' || { echo "build-cxx-runtime: libstdc++ does not link libgcc_s" >&2; exit 1; }
cp -L "$work/build/src/.libs/libstdc++.so.6" "$out/libstdc++.so.6"
cp "$work/libgcc_s.so.1" "$out/libgcc_s.so.1"
echo "build-cxx-runtime: $out/libstdc++.so.6 $out/libgcc_s.so.1"
