#!/usr/bin/env bash
# The installer in a Debian 12 chroot (amd64, or arm64 through qemu-user), as when a card image
# is built: no systemd or udevd running. Installs, runs again (nothing changes), switches to the
# desktop and back (one starter at a time, drop-ins removed, tty1's login prompt back), previews
# as the user without sudo, and uninstalls. usage (as root): chroot-check.sh ROOT
set -euo pipefail
root=${1:?usage: chroot-check.sh ROOT}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "chroot-check: FAILED: $*" >&2; exit 1; }
cleanup() { for m in dev/pts dev sys proc; do umount -l "$root/$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$root/proc"; mount --bind /sys "$root/sys"; mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
arch=$(in_root dpkg --print-architecture)
# Raspberry Pi OS has systemd and a first user; a minimal chroot has neither.
in_root bash -c 'command -v systemctl >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends systemd systemd-sysv >/dev/null'
in_root bash -c 'getent passwd pi >/dev/null || useradd --create-home --shell /bin/bash pi'
rm -rf "$root/home/pi/facepacer"
mkdir -p "$root/home/pi/facepacer"
(cd "$source_dir" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$root/home/pi/facepacer"
in_root chown -R pi:pi /home/pi/facepacer
install() { in_root bash -c "cd /home/pi/facepacer && SUDO_USER=pi deploy/install-pi.sh $*"; }
units=$root/etc/systemd/system
getty_link=$units/getty.target.wants/getty@tty1.service

start=$SECONDS
install --mode lite >"$root/tmp/first.log" 2>&1 || { tail -n 30 "$root/tmp/first.log"; fail "install"; }
echo "chroot-check ($arch): installed in $((SECONDS - start)) s"
grep -q "Skipped here (no running systemd or udevd" "$root/tmp/first.log" || fail "no list of what was skipped"
[[ -e $units/facepacer.service && -L $units/multi-user.target.wants/facepacer.service ]] \
    || fail "facepacer.service is not installed and enabled"
[[ ! -e $getty_link ]] || fail "getty@tty1 is still enabled"
for package in libegl1 libgles2 libgl1-mesa-dri; do
    in_root dpkg-query -W -f="\${Status}\n" "$package" | grep -q "install ok installed" \
        || fail "$package missing"
done
install --mode lite >"$root/tmp/again.log" 2>&1 || fail "second run"
grep -q "Nothing changed" "$root/tmp/again.log" || { cat "$root/tmp/again.log"; fail "a second run changed something"; }

mkdir -p "$units/facepacer.service.d"
printf '[Service]\nEnvironment=SDL_KMSDRM_DEVICE_INDEX=1\n' >"$units/facepacer.service.d/card.conf"
install --mode desktop >"$root/tmp/desktop.log" 2>&1 || { tail -n 30 "$root/tmp/desktop.log"; fail "desktop"; }
[[ ! -e $units/facepacer.service && ! -e $units/facepacer.service.d ]] || fail "--mode desktop kept the service"
[[ -e $root/home/pi/.config/autostart/facepacer.desktop ]] || fail "no autostart entry"
[[ -e $getty_link ]] || fail "--mode desktop did not give tty1 its login prompt back"
install --mode lite >"$root/tmp/lite.log" 2>&1 || fail "back to lite"
[[ ! -e $root/home/pi/.config/autostart/facepacer.desktop ]] || fail "--mode lite kept the autostart entry"
[[ -e $units/facepacer.service ]] || fail "--mode lite did not install the service"

preview=$(in_root runuser -u pi -- bash -c 'cd /home/pi/facepacer && deploy/install-pi.sh --dry-run')
grep -q "nothing is changed (user pi)" <<<"$preview" || fail "--dry-run without sudo did not preview pi"

install --uninstall >"$root/tmp/uninstall.log" 2>&1 || fail "uninstall"
[[ ! -e $units/facepacer.service && ! -e $root/opt/facepacer/venv ]] || fail "--uninstall left the service or venv"
[[ -e $getty_link ]] || fail "--uninstall did not enable getty@tty1"
grep -q "skipped (systemd is not running here): systemctl start getty@tty1.service" \
    "$root/tmp/uninstall.log" || fail "--uninstall did not say it could not start getty@tty1 here"
echo "chroot-check ($arch): ok in $((SECONDS - start)) s"
