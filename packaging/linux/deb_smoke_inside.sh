#!/bin/bash
# Smoke test of the .deb on a minimal Debian 12, run INSIDE the throw-away system by
# fresh_debian_smoke.sh: install the package with apt, run `kneelog selftest` (warm and with the
# bundle evicted from the page cache), open the window under Xvfb (time-to-window, WM_CLASS,
# screenshots; the window is started with the menu entry's Exec= command), then purge the package,
# check that none of its files is left, and show that the user's journal is still there.
# KNEELOG_SMOKE_DIR holds the .deb on the way in and receives out/ (logs, screenshots).
set -euo pipefail
OUT=${KNEELOG_SMOKE_DIR:?}/out
rm -rf "$OUT"; mkdir -p "$OUT"
export DEBIAN_FRONTEND=noninteractive
cp "$KNEELOG_SMOKE_DIR"/kneelog_*.deb /tmp/
cd /tmp
echo "== before install: $(dpkg -l | grep -c '^ii') packages"
apt-get update -qq
apt-get install -y -qq ./kneelog_*.deb > "$OUT/install.log" 2>&1 || { tail -30 "$OUT/install.log"; exit 1; }
echo "== after install: $(dpkg -l | grep -c '^ii') packages"
echo "== kneelog --version: $(kneelog --version)"
which kneelog; ls -la /usr/bin/kneelog
du -sh /opt/kneelog
echo "== selftest x7 (first one is the cold start right after install)"
for i in 1 2 3 4 5 6 7; do
  s=$(date +%s.%N); kneelog selftest > "$OUT/selftest.$i.txt" 2>&1; rc=$?; e=$(date +%s.%N)
  python3 -c "print(f'run $i: rc=$rc {($e-$s):.3f} s')"
done
cat "$OUT/selftest.1.txt"
echo "== cold selftest x5: the bundle's files evicted from the page cache before each run"
cat > /tmp/evict.py <<'PY'
import os, sys
for root, dirs, files in os.walk("/opt/kneelog"):
    for name in files:
        path = os.path.join(root, name)
        if os.path.islink(path): continue
        fd = os.open(path, os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
PY
for i in 1 2 3 4 5; do
  python3 /tmp/evict.py
  s=$(date +%s.%N); kneelog selftest > /dev/null 2>&1; rc=$?; e=$(date +%s.%N)
  python3 -c "print(f'cold run $i: rc=$rc {($e-$s):.3f} s')"
done
echo "== user data: create the default journal with an export"
kneelog export -o /tmp/export.json
ls -la ~/.local/share/KneeLog/
apt-get install -y -qq --no-install-recommends xvfb xauth x11-utils imagemagick > "$OUT/xvfb-install.log" 2>&1 || { tail -20 "$OUT/xvfb-install.log"; exit 1; }
# The menu entry's command, as a desktop would run it (Exec= without field codes).
DESKTOP=/usr/share/applications/org.kneelog.KneeLog.desktop
MENU_COMMAND=$(sed -n 's/^Exec=//p' "$DESKTOP" | head -n1 | sed 's/ *%[fFuUick]//g')
echo "== menu entry command: $MENU_COMMAND"
command -v "${MENU_COMMAND%% *}" > /dev/null || { echo "menu command not found on PATH"; exit 1; }
cat > /tmp/gui.sh <<'GUI'
set -u
OUT=${KNEELOG_SMOKE_DIR:?}/out
window_up() { xwininfo -root -tree 2>/dev/null | grep -q '("kneelog" "KneeLog")'; }
# A window that never comes (the program died, the X server went away) fails the smoke test after
# 60 s with the program's own output, instead of waiting for ever.
wait_for_window() {
  for _ in $(seq 1 3000); do
    window_up && return 0
    kill -0 "$2" 2>/dev/null || { echo "the program exited before its window appeared: $1"; cat "$1"; exit 1; }
    sleep 0.02
  done
  echo "no window after 60 s: $1"; cat "$1"; exit 1
}
# The window's frame is up before the journal is read ("Opening your journal..."): wait until the
# screen is filled (an empty frame compresses to a few KB, a filled window to tens), up to 90 s.
shot_when_filled() {
  for _ in $(seq 1 180); do
    import -window root "$1"
    [ "$(stat -c %s "$1")" -gt 20000 ] && return 0
    sleep 0.5
  done
  echo "the window was still empty after 90 s: $1"
}
for i in 1 2 3 4 5 6; do
  [ "$i" -ge 4 ] && python3 /tmp/evict.py   # runs 4-6 start cold
  s=$(date +%s.%N)
  $MENU_COMMAND > "$OUT/gui.$i.log" 2>&1 & pid=$!
  wait_for_window "$OUT/gui.$i.log" "$pid"
  e=$(date +%s.%N)
  python3 -c "print(f'time-to-window $i: {($e-$s):.3f} s')"
  if [ "$i" = 1 ]; then
    shot_when_filled "$OUT/shot-journal.png"
    python3 -c "print(f'window filled after {($(date +%s.%N)-$s):.1f} s')"
    xwininfo -root -tree | grep '"KneeLog")' | head -5
    wid=$(xwininfo -root -tree | grep '("kneelog" "KneeLog")' | awk '{print $1}' | head -1)
    xprop -id "$wid" WM_CLASS _NET_WM_NAME 2>/dev/null || true
    for w in $(xwininfo -root -tree | grep '("kneelog" "KneeLog")' | awk '{print $1}'); do xprop -id $w WM_CLASS WM_NAME | tr '\n' ' '; echo; done
  fi
  kill $pid; wait $pid 2>/dev/null || true
done
kneelog --demo > "$OUT/gui.demo.log" 2>&1 & pid=$!
wait_for_window "$OUT/gui.demo.log" "$pid"
shot_when_filled "$OUT/shot-demo.png"
kill $pid; wait $pid 2>/dev/null || true
GUI
# The throw-away system shares the host's network namespace, where X servers listen on abstract
# sockets: xvfb-run -a only sees this system's lock files, so start far from the usual :99.
KNEELOG_SMOKE_DIR=$KNEELOG_SMOKE_DIR MENU_COMMAND=$MENU_COMMAND xvfb-run -a -n 271 -s '-screen 0 1280x800x24' bash /tmp/gui.sh
echo "== gui stderr (run 1):"; cat "$OUT/gui.1.log" | head -20
echo "== uninstall"
dpkg -L kneelog | sort > /tmp/kneelog-files.txt
apt-get purge -y kneelog 2>&1 | tail -3
left=0
while read -r path; do
  # folders the package shares with the system (/usr, /usr/share/icons/...) stay, its files go
  if [ -e "$path" ] && [ ! -d "$path" ] || [ -L "$path" ]; then echo "left behind: $path"; left=1; fi
done < /tmp/kneelog-files.txt
[ -e /opt/kneelog ] && { echo "left behind: /opt/kneelog"; left=1; }
if dpkg -s kneelog > /dev/null 2>&1; then echo "dpkg still knows kneelog"; left=1; fi
[ "$left" = 0 ] && echo "removed cleanly: none of the package's $(wc -l < /tmp/kneelog-files.txt) paths is left"
echo "== user data after purge:"; ls -la ~/.local/share/KneeLog/
[ "$left" = 0 ]
