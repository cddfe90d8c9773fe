#!/bin/bash
# Runs inside the virtual Pi, from the per-run disk mounted at /ci (units in build-image.sh's
# units.txt call it). "stub": load i2c-stub as the MPR121 and seed the registers the driver's
# identity check reads (before facepacer.service). "hook": on the first boot install the device
# with deploy/install-pi.sh as a maker would and reboot; on the next, obey the host's commands
# on ttyS1 (tap, collect). Every line starting "VPI:" reaches the host on the serial console.
set -uo pipefail
OUT=/ci/out
ADDRESS=0x5a
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
YAML
    runuser -u pi -- env HOME=/home/pi /usr/local/bin/facepacer config validate \
        >"$OUT/config-validate.txt" 2>&1
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
    i2cset -y "$bus" "$ADDRESS" 0x00 "$(printf '0x%04x' $((1 << electrode)))" w
    sleep 0.3
    i2cset -y "$bus" "$ADDRESS" 0x00 0x0000 w
    say "touched electrode $electrode on /dev/i2c-$bus for $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s"
}

collect() {
    local home=/home/pi
    (cd "$home" && runuser -u pi -- env HOME="$home" timeout 300 /usr/local/bin/facepacer doctor --json) \
        >"$OUT/doctor.json" 2>"$OUT/doctor.stderr"
    (cd "$home" && runuser -u pi -- env HOME="$home" timeout 300 /usr/local/bin/facepacer doctor) \
        >"$OUT/doctor.txt" 2>&1
    systemctl show facepacer.service >"$OUT/unit-properties.txt"
    systemctl status --no-pager facepacer.service >"$OUT/unit-status.txt" 2>&1
    journalctl --no-pager -b 0 >"$OUT/journal.txt"
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
    *) echo "usage: guest.sh stub|hook" >&2; exit 2 ;;
esac
