#!/bin/bash
# Runs inside the virtual Pi, from the per-run disk mounted at /ci (units in build-image.sh's
# units.txt call it). "stub": load i2c-stub as the MPR121 and seed the registers the driver's
# identity check reads (before facepacer.service). "hook": on the first boot install the device
# with deploy/install-pi.sh as a maker would, put the hostile things in place (a user ritual
# with a recording no mixer may see, a retained command on the broker) and reboot; on the next,
# obey the host's commands on ttyS1 (tap, settled, collect). "record" and "listening": the
# broker's messages on the device's topics, from before it starts. Every line starting "VPI:"
# reaches the host on the serial console.
set -uo pipefail
OUT=/ci/out
ADDRESS=0x5a
HOME_PI=/home/pi
RITUALS=$HOME_PI/.config/facepacer/rituals
# The retained command left on the broker before the device's first start: obeyed, it would
# start a ritual other than the one the touch starts.
RETAINED='{"command": "start", "ritual": "quick-calm"}'
mkdir -p "$OUT"
say() { printf 'VPI: %s\n' "$*"; printf 'VPI: %s\n' "$*" >/dev/ttyS0 2>/dev/null || true; }

stub_bus() {
    local adapter
    for adapter in /sys/bus/i2c/devices/i2c-*; do
        if [[ $(cat "$adapter/name" 2>/dev/null) == "SMBus stub driver" ]]; then
            echo "${adapter##*-}"
            return 0
        fi
    done
    return 1
}

# The stub keeps every register as last written and never resets: CONFIG2 (0x5D) must read 0x24,
# its after-reset value, when the driver checks the chip's identity after its soft reset; the
# touch status (a 16-bit cell, read as one word) starts untouched.
seed() {
    local bus=$1
    i2cset -y "$bus" "$ADDRESS" 0x5d 0x24 &&
        i2cset -y "$bus" "$ADDRESS" 0x00 0x0000 w &&
        i2cset -y "$bus" "$ADDRESS" 0x02 0x0000 w
}

stub() {
    modprobe i2c-dev
    modprobe i2c-stub chip_addr="$ADDRESS"
    local bus
    bus=$(stub_bus) || { say "stub: no i2c-stub bus"; return 1; }
    udevadm settle --timeout=30 || true
    seed "$bus" || { say "stub: seeding bus $bus failed"; return 1; }
    echo "$bus" >/run/vpi-bus
    say "stub: MPR121 stand-in at $ADDRESS on /dev/i2c-$bus ($(stat -c '%G %a' "/dev/i2c-$bus"))"
}

# The device's topics, as its own code names them from its settings (link/topics.py).
topics() {
    runuser -u pi -- env HOME=$HOME_PI /opt/facepacer/venv/bin/python -c '
from facepacer.config import load_config
from facepacer.link.topics import Topics
config, problems = load_config()
topics = Topics.of(config.mqtt)
print(topics.base, topics.command, topics.state, topics.status)'
}

# A WAV that says it holds 1,000,000 stereo frames of 16 bits at 3 Hz (4 MB): the recording that
# once crashed the device, SDL stretching it thousands of times over to the mixer's rate.
hostile_wav() {
    python3 -c '
import struct, sys
rate, channels, frames = 3, 2, 1_000_000
data = b"\x00\x08" * (frames * channels)
fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * channels * 2, channels * 2, 16)
body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data))
sys.stdout.buffer.write(b"RIFF" + struct.pack("<I", len(body) + len(data)) + body + data)'
}

# A user ritual whose only step has that recording as its voice: "rituals validate" must refuse
# it, and the device must skip it (a notice) without its mixer ever opening the file.
hostile_ritual() {
    runuser -u pi -- mkdir -p "$RITUALS"
    hostile_wav >"$RITUALS/jaw.wav"
    cat >"$RITUALS/hostile.yaml" <<'YAML'
format: 1
id: hostile
title: Hostile
steps:
  - zone: cheeks
    title: One
    say: First step.
    seconds: 3
    voice: jaw.wav
YAML
    chown pi:pi "$RITUALS/jaw.wav" "$RITUALS/hostile.yaml"
    local rc=0
    runuser -u pi -- env HOME=$HOME_PI /usr/local/bin/facepacer rituals validate \
        "$RITUALS/hostile.yaml" >"$OUT/validate.txt" 2>&1 || rc=$?
    echo "exit $rc" >>"$OUT/validate.txt"
}

# paho-mqtt 2 into the device's environment as README says, from the wheel the host brought.
mqtt_extra() {
    /opt/facepacer/venv/bin/pip install -q --no-index --find-links /ci/wheels 'paho-mqtt>=2,<3' \
        >"$OUT/pip-mqtt.log" 2>&1
}

# The retained command, left as an automation's mqtt.publish with retain: true would; the broker
# (Debian's mosquitto, persistence on) keeps it on disk across the reboot.
retain_command() {
    local command_topic
    topics >"$OUT/topics.txt" || return 1
    read -r _ command_topic _ _ <"$OUT/topics.txt"
    systemctl is-active --quiet mosquitto.service || return 1
    mosquitto_pub -h 127.0.0.1 -q 1 -r -t "$command_topic" -m "$RETAINED" || return 1
    mosquitto_sub -h 127.0.0.1 -t "$command_topic" --retained-only -C 1 -W 10 -F '%r %t %p' \
        >"$OUT/retained-before.txt" 2>&1
    grep -qx "1 $command_topic $RETAINED" "$OUT/retained-before.txt"
}

install_device() {
    say "installing"
    local bus
    bus=$(cat /run/vpi-bus 2>/dev/null || echo 0)
    rm -rf /home/pi/facepacer
    cp -a /ci/src /home/pi/facepacer
    chown -R pi:pi /home/pi/facepacer
    # As after `sudo deploy/install-pi.sh` from pi's clone: sudo sets SUDO_USER.
    local start=$SECONDS rc=0
    (cd /home/pi/facepacer && SUDO_USER=pi deploy/install-pi.sh --mode lite) \
        >"$OUT/install.log" 2>&1 || rc=$?
    say "install-pi.sh exited $rc after $((SECONDS - start)) s"
    # The device's settings for this machine: the stub's bus, no IRQ wire (no GPIO here), and
    # under TCG two i2cset calls may lie further apart than the 0.6 s of a tap (2 s at most).
    cat >>/home/pi/.config/facepacer/config.yaml <<YAML

# virtual Pi (.ci/virtual-pi): the MPR121 is i2c-stub on bus $bus, polled; electrode 1 is
# "back", which on the home screen only wakes a dimmed display
sensor:
  bus: $bus
  irq_pin: null
  tap_max: 2.0
  hold_after: 3.0
  roles: {1: back}

# the broker beside it (Debian's mosquitto), with everything else as it comes
mqtt:
  host: 127.0.0.1
YAML
    runuser -u pi -- env HOME=/home/pi /usr/local/bin/facepacer config validate \
        >"$OUT/config-validate.txt" 2>&1
    start=$SECONDS
    if ((rc == 0)); then
        hostile_ritual &
        mqtt_extra || { rc=1; say "pip could not install paho-mqtt: see pip-mqtt.log"; }
        wait
    fi
    if ((rc == 0)); then
        retain_command \
            || { rc=1; say "no retained command on the broker: see retained-before.txt"; }
    fi
    ((rc)) || say "hostile ritual and retained command in place after $((SECONDS - start)) s"
    sync
    if ((rc == 0)); then
        say "installed; rebooting"
        systemctl reboot
    else
        say "install failed"
        tail -n 20 "$OUT/install.log" >/dev/ttyS0
        systemctl poweroff
    fi
}

# A touch of electrode $1 (its bit in the touch status word, one 16-bit cell of the stub).
touch_pad() {
    local electrode=$1 bus start
    bus=$(cat /run/vpi-bus)
    start=$(date +%s.%N)
    date +%s.%N >"$OUT/touched-$electrode.txt"
    i2cset -y "$bus" "$ADDRESS" 0x00 "$(printf '0x%04x' $((1 << electrode)))" w
    sleep 0.3
    i2cset -y "$bus" "$ADDRESS" 0x00 0x0000 w
    say "touched electrode $electrode on /dev/i2c-$bus for $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s"
}

# Every message under the device's topics, with its time, retain flag and payload, one a line.
record() {
    [[ -s $OUT/topics.txt ]] || exit 0
    local base
    read -r base _ <"$OUT/topics.txt"
    exec mosquitto_sub -h 127.0.0.1 -q 1 -t "$base/#" -F '%U %r %t %p' >>"$OUT/mqtt.txt" 2>&1
}

# Back once the recording holds the retained command (the broker hands it over at once on
# subscribing), so the device starts after the ear is in place; at most 60 s.
listening() {
    [[ -s $OUT/topics.txt ]] || exit 0
    local command_topic tries
    read -r _ command_topic _ <"$OUT/topics.txt"
    for ((tries = 0; tries < 300; tries++)); do
        grep -q " 1 $command_topic " "$OUT/mqtt.txt" 2>/dev/null && return 0
        sleep 0.2
    done
    say "mqtt: no retained command on $command_topic after the reboot"
}

# Whether the device has met the retained command: its answer on the status topic and the
# command cleared from the broker (an empty message); waits up to 300 s.
settled() {
    local command_topic status_topic tries
    read -r _ command_topic _ status_topic <"$OUT/topics.txt"
    for ((tries = 0; tries < 300; tries++)); do
        if grep -q "^[0-9.]* 0 $status_topic " "$OUT/mqtt.txt" \
            && grep -qx "[0-9.]* 0 $command_topic " "$OUT/mqtt.txt"; then
            say "mqtt: settled"
            return
        fi
        sleep 1
    done
    say "mqtt: not settled (no answer on $status_topic or the command not cleared)"
}

collect() {
    local home=/home/pi command_topic
    read -r _ command_topic _ <"$OUT/topics.txt"
    mosquitto_sub -h 127.0.0.1 -t "$command_topic" --retained-only -C 1 -W 3 -F '%r %t %p' \
        >"$OUT/retained-after.txt" 2>/dev/null
    (cd "$home" && runuser -u pi -- env HOME="$home" timeout 300 /usr/local/bin/facepacer doctor --json) \
        >"$OUT/doctor.json" 2>"$OUT/doctor.stderr"
    (cd "$home" && runuser -u pi -- env HOME="$home" timeout 300 /usr/local/bin/facepacer doctor) \
        >"$OUT/doctor.txt" 2>&1
    systemctl show facepacer.service >"$OUT/unit-properties.txt"
    systemctl status --no-pager facepacer.service >"$OUT/unit-status.txt" 2>&1
    journalctl --no-pager -b 0 >"$OUT/journal.txt"
    journalctl --no-pager -b 0 -o cat -u facepacer.service >"$OUT/device-journal.txt"
    journalctl --no-pager -b -1 >"$OUT/journal-install.txt" 2>&1
    sync
    say "collected"
    systemctl poweroff
}

hook() {
    if [[ ! -x /opt/facepacer/venv/bin/facepacer ]]; then
        install_device
        return
    fi
    say "booted; facepacer.service is $(systemctl is-active facepacer.service)"
    stty -F /dev/ttyS1 raw -echo 2>/dev/null || true
    local command
    exec 3</dev/ttyS1
    while read -r command <&3; do
        command=${command%$'\r'}
        case $command in
            tap) touch_pad 0 ;;
            wake) touch_pad 1 ;;
            settled) settled ;;
            collect) collect; return ;;
            state) say "facepacer.service is $(systemctl is-active facepacer.service)" ;;
            "") ;;
            *) say "unknown command '$command'" ;;
        esac
    done
}

case ${1:-} in
    stub) stub ;;
    hook) hook ;;
    record) record ;;
    listening) listening ;;
    *) echo "usage: guest.sh stub|hook|record|listening" >&2; exit 2 ;;
esac
