#!/usr/bin/env bash
# Builds (once per set of inputs) the virtual Pi's base disk: Debian 12 from Debian's packages with
# Debian's kernel and systemd, a user "pi" as on Raspberry Pi OS, the packages deploy/install-pi.sh
# installs already in it (so the install inside the VM needs no network), an MQTT broker, and
# three small units that hand control to the per-run disk (/dev/vdb, mounted at /ci). Prints the
# directory holding base.img, vmlinuz and initrd.img. Run as root. Cached under $VPI_CACHE
# (default ~/.cache/facepacer-ci), keyed by a hash of this script, the units and the package list.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
cache=${VPI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/facepacer-ci}
# What the installer would install, plus what the VM needs to boot and be driven, and a broker
# on 127.0.0.1 for the device's MQTT link (Debian's default keeps retained messages on disk).
mapfile -t installer < <("$source_dir/deploy/install-pi.sh" --print-packages)
packages=("${installer[@]}" linux-image-amd64 initramfs-tools systemd systemd-sysv udev kmod
          dbus e2fsprogs procps mosquitto mosquitto-clients)
key=$( { cat "$here/build-image.sh" "$here/units.txt"; printf '%s\n' "${packages[@]}"; } | sha256sum | cut -c1-16)
out=$cache/base-$key
if [[ -f $out/.ready ]]; then echo "$out"; exit 0; fi
mirror=$( { grep -rhoE "https?://[^ ]*/debian/?( |$)" /etc/apt/sources.list \
    /etc/apt/sources.list.d/ 2>/dev/null || true; } | head -n 1 | tr -d ' ')
[[ -n $mirror ]] || { echo "virtual-pi: error: no Debian mirror configured for apt" >&2; exit 1; }
echo "virtual-pi: building the base image from $mirror into $out (a few minutes, once)" >&2
rm -rf "$out"; mkdir -p "$out"
root=$out/root
cleanup() {
    for m in dev/pts dev proc sys; do umountpoint_quiet "$root/$m"; done
}
umountpoint_quiet() {
    if mountpoint -q "$1" 2>/dev/null; then
        umount -l "$1" || true
    fi
}
trap cleanup EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$out/debootstrap.log" 2>&1 \
    || { tail -n 30 "$out/debootstrap.log" >&2; exit 1; }
mount -t proc proc "$root/proc"; mount --bind /sys "$root/sys"; mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
printf 'deb %s bookworm main\n' "$mirror" >"$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf 'do_symlinks = yes\n' >"$root/etc/kernel-img.conf"
chroot "$root" apt-get update -q >"$out/apt.log" 2>&1
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${packages[@]}" >>"$out/apt.log" 2>&1 || { tail -n 30 "$out/apt.log" >&2; exit 1; }
chroot "$root" apt-get clean
echo raspberrypi >"$root/etc/hostname"
printf '/dev/vda / ext4 defaults 0 1\n/dev/vdb /ci ext4 defaults,nofail 0 2\n' >"$root/etc/fstab"
mkdir -p "$root/ci" "$root/var/log/journal"
chroot "$root" useradd --create-home --shell /bin/bash --comment "Raspberry Pi OS's first user" pi
chroot "$root" passwd -d root >/dev/null
# The MPR121's stand-in: the only I2C bus (PIIX4's SMBus would take the first number).
printf 'blacklist i2c_piix4\n' >"$root/etc/modprobe.d/vpi-no-piix4.conf"
# The three hooks: each runs /ci/guest.sh, which comes with each run's source.
awk -v dir="$root/etc/systemd/system" '/^# file: / {f = dir "/" $3; next} {print > f}' \
    "$here/units.txt"
chroot "$root" systemctl enable vpi-stub.service vpi-hook.service vpi-mqtt.service \
    mosquitto.service >/dev/null 2>&1
cp "$root"/boot/vmlinuz-* "$out/vmlinuz"; cp "$root"/boot/initrd.img-* "$out/initrd.img"
cleanup
trap - EXIT
rm -f "$root/etc/resolv.conf"
truncate -s 3G "$out/base.img"
mkfs.ext4 -q -L vpi-root -d "$root" "$out/base.img"
rm -rf "$root"
touch "$out/.ready"
echo "$out"
