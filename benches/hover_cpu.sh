#!/usr/bin/env bash
# CPU of the app while the pointer moves continuously over each view, under Xvfb with Mesa's
# software OpenGL (as on the city's virtual desktops), and while idle.
#
#   benches/hover_cpu.sh [BINARY] [SECONDS_PER_VIEW] [VIEWS]
#
# Builds the release binary when none is given, creates the reference scenario in a temporary
# folder, opens it at 1600×1000 and, for each view (Strg+1 … Strg+7), sweeps the pointer over
# the window for SECONDS_PER_VIEW (default 8) while reading the process's CPU time from
# /proc (VIEWS: the views' numbers, default "1 2 3 4 5 6 7"). Prints cores used per view; the target is below 0.5 core while hovering and about 0
# when idle.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-}
secs=${2:-8}
only=${3:-1 2 3 4 5 6 7}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=target/release/ozg-cockpit
fi
for c in Xvfb xdotool; do
  command -v "$c" >/dev/null 2>&1 || { echo "hover_cpu: $c is missing (apt-get install xvfb xdotool)" >&2; exit 2; }
done
work=$(mktemp -d)
disp=:$((200 + RANDOM % 100))
Xvfb "$disp" -screen 0 1600x1000x24 >/dev/null 2>&1 & xvfb=$!
app=
trap 'kill $app $xvfb 2>/dev/null; rm -rf "$work"' EXIT
"$bin" --db "$work/beispiel.sqlite" init --demo >/dev/null
sleep 1
HOME=$work LIBGL_ALWAYS_SOFTWARE=1 DISPLAY=$disp "$bin" --db "$work/beispiel.sqlite" >"$work/log" 2>&1 & app=$!
sleep 5
kill -0 "$app" || { echo "hover_cpu: the app exited:" >&2; tail "$work/log" >&2; exit 1; }
win=$(DISPLAY=$disp xdotool search --onlyvisible --pid "$app" | head -1)
DISPLAY=$disp xdotool windowmove "$win" 0 0 windowsize "$win" 1600 1000 windowfocus --sync "$win"
sleep 1
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
# Cores used while `action` runs for `secs` seconds.
measure() {
  local start end t0 t1
  t0=$(ticks); start=$(date +%s.%N)
  "$@"
  t1=$(ticks); end=$(date +%s.%N)
  echo "$t0 $t1 $start $end $hz" | awk '{printf "%.2f", ($2 - $1) / $5 / ($4 - $3)}'
}
idle() { sleep "$secs"; }
# Sweeps the pointer over the lower part of the window (tables, charts), 50 moves a second.
sweep() {
  local until x y i=0
  until=$(( $(date +%s) + secs ))
  while [ "$(date +%s)" -lt "$until" ]; do
    x=$(( 60 + (i * 37) % 1480 )); y=$(( 120 + (i * 23) % 820 ))
    DISPLAY=$disp xdotool mousemove "$x" "$y"
    sleep 0.02
    i=$((i + 1))
  done
}
views=(Übersicht Leistungen Ämter Priorisierung Projekte Personal Personalbedarf)
printf '%-16s %10s %10s\n' "Ansicht" "Zeiger" "Ruhe"
for n in $only; do
  DISPLAY=$disp xdotool mousemove 800 5 key "ctrl+$n"
  sleep 2
  moving=$(measure sweep)
  DISPLAY=$disp xdotool mousemove 1599 999
  sleep 1
  resting=$(measure idle)
  printf '%-16s %10s %10s\n' "${views[$((n - 1))]}" "$moving" "$resting"
done
