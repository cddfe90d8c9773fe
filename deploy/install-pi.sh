#!/usr/bin/env bash
# Turns a Raspberry Pi with Raspberry Pi OS (Bookworm or Trixie) into the device, from a clone of
# the repository: sudo deploy/install-pi.sh
#
# Idempotent: a second run changes nothing and says so. --dry-run prints every step without
# doing it; --uninstall reverses it (the session log and settings stay unless --purge).
set -euo pipefail
umask 022   # the venv and the unit must be readable by the unprivileged user

SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPLOY="$SOURCE/deploy"
PYTHON=/usr/bin/python3   # Debian's Python: its pygame, gpiozero and lgpio are the ones wanted
PREFIX=/opt/facepacer
BIN_DIR=/usr/local/bin
UNIT_DIR=${FACEPACER_UNIT_DIR:-/etc/systemd/system}   # another only in the tests
UDEV_RULE=/etc/udev/rules.d/99-facepacer-backlight.rules
# Drop-ins README tells users to make (`sudo systemctl edit facepacer`: the DRM card to use).
DROP_IN_DIR=$UNIT_DIR/facepacer.service.d
GROUPS_WANTED=(gpio i2c video render input audio)
# From the system's archives, never PyPI: Debian's pygame has an SDL with KMSDRM (the wheel's has
# not), and Pi OS's gpiozero knows the Pi 5's GPIO chip. The rest build the venv and facepacer.
# libegl1, libgles2 and libgl1-mesa-dri: SDL's KMSDRM driver loads EGL, GLES and Mesa's DRI
# driver at run time; nothing depends on them, so --no-install-recommends would leave them out and
# the screen would stay black ("EGL not initialized").
PACKAGES=(python3-pygame python3-gpiozero python3-smbus2 python3-yaml i2c-tools python3-venv
          python3-pip python3-setuptools python3-wheel python3-pkg-resources python3-babel
          libegl1 libgles2 libgl1-mesa-dri)
OPTIONAL_PACKAGES=(python3-lgpio)   # Raspberry Pi OS only

DRY_RUN=0 UNINSTALL=0 PURGE=0 NO_HARDWARE=0 NO_SERVICE=0 PRINT_UNIT=0 PRINT_PACKAGES=0
MODE="" SERVICE_USER=""
CHANGES=0 REBOOT=0
SKIPPED=()   # what could not be done here (no running systemd or udevd), said at the end

usage() {
    cat <<EOF
usage: sudo deploy/install-pi.sh [options]

Installs facepacer as the device: I2C on, system packages, a virtual environment in
$PREFIX/venv that uses them, the user in the hardware groups, a udev rule for the
backlight, the service (Lite) or an autostart entry (Desktop), then runs facepacer doctor.

  --dry-run          print every step without doing it
  --uninstall        remove what the installer added (keeps the session log and settings)
  --purge            with --uninstall: delete the session log and settings too
  --mode lite|desktop  service on the console (lite) or autostart in the desktop session;
                     default: desktop when the system boots into a display manager
  --user NAME        the user the device runs as (default: the one who ran sudo; else a new
                     user "facepacer")
  --prefix DIR       where the virtual environment goes (default: $PREFIX)
  --bin-dir DIR      where the facepacer command is linked (default: $BIN_DIR)
  --no-hardware      skip enabling I2C and the backlight udev rule (for a test machine)
  --no-service       skip the service or autostart entry (for a test machine)
  --print-unit       print the systemd unit this install would write, and exit
  --print-packages   print the system packages it installs, one a line, and exit
  -h, --help         this help
EOF
}

die() { printf 'install-pi.sh: error: %s\n' "$*" >&2; exit 2; }
say() { printf '    %s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
changed() { CHANGES=$((CHANGES + 1)); }

# A command as it would be typed: words quoted only where the shell needs it.
shown() {
    local word out=()
    for word in "$@"; do
        if [[ $word =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
            out+=("$word")
        else
            out+=("$(printf '%q' "$word")")
        fi
    done
    printf '%s' "${out[*]}"
}

# Runs a command, or in --dry-run prints it.
run() {
    if ((DRY_RUN)); then
        printf '    would run: %s\n' "$(shown "$@")"
    else
        printf '    $ %s\n' "$(shown "$@")"
        "$@"
    fi
}

parse_args() {
    while (($#)); do
        case $1 in
            --dry-run) DRY_RUN=1 ;;
            --uninstall) UNINSTALL=1 ;;
            --purge) PURGE=1 ;;
            --mode) MODE=${2:-}; shift ;;
            --mode=*) MODE=${1#*=} ;;
            --user) SERVICE_USER=${2:-}; shift ;;
            --user=*) SERVICE_USER=${1#*=} ;;
            --prefix) PREFIX=${2:-}; shift ;;
            --prefix=*) PREFIX=${1#*=} ;;
            --bin-dir) BIN_DIR=${2:-}; shift ;;
            --bin-dir=*) BIN_DIR=${1#*=} ;;
            --no-hardware) NO_HARDWARE=1 ;;
            --no-service) NO_SERVICE=1 ;;
            --print-unit) PRINT_UNIT=1 ;;
            --print-packages) PRINT_PACKAGES=1 ;;
            -h|--help) usage; exit 0 ;;
            *) usage >&2; die "unknown option '$1'" ;;
        esac
        shift
    done
    case $MODE in
        ""|lite|desktop) ;;
        *) die "--mode must be lite or desktop, not '$MODE'" ;;
    esac
    [[ $PREFIX == /* ]] || die "--prefix must be an absolute path, not '$PREFIX'"
    [[ $BIN_DIR == /* ]] || die "--bin-dir must be an absolute path, not '$BIN_DIR'"
    if ((PURGE && !UNINSTALL)); then
        die "--purge goes with --uninstall"
    fi
    if [[ -z $SERVICE_USER ]]; then
        SERVICE_USER=$(default_user)
    fi
    [[ $SERVICE_USER =~ ^[a-z_][a-z0-9_-]*$ ]] || die "not a user name: '$SERVICE_USER'"
    [[ $SERVICE_USER != root ]] || die "the device runs unprivileged: give --user NAME, not root"
    VENV=$PREFIX/venv
}

# The user who asked: the one who ran sudo; without sudo (a --dry-run preview) the caller, since
# `sudo` from that shell will name them; root alone gets a new user "facepacer".
default_user() {
    local caller=${SUDO_USER:-}
    if [[ -z $caller ]] && ((EUID != 0)); then
        caller=$(id -un)
    fi
    if [[ -n $caller && $caller != root ]]; then
        printf '%s\n' "$caller"
    else
        printf 'facepacer\n'
    fi
}

# systemd and udevd as running services: absent while an image is built in a chroot, where the
# unit files are still written and enabled (links), but nothing can be started or reloaded.
systemd_running() { [[ -d ${FACEPACER_SYSTEMD_RUN:-/run/systemd/system} ]]; }
udevd_running() { systemd_running && udevadm control --ping >/dev/null 2>&1; }

# Runs a systemctl verb that needs a running systemd, or says it was skipped.
run_live() {
    if systemd_running; then
        run "$@"
    else
        say "skipped (systemd is not running here): $(shown "$@")"
        SKIPPED+=("$(shown "$@")")
    fi
}

user_home() {
    local home
    home=$(getent passwd "$SERVICE_USER" | cut -d: -f6) || true
    printf '%s\n' "${home:-/home/$SERVICE_USER}"
}

pick_mode() {
    if [[ -n $MODE ]]; then
        return
    fi
    MODE=lite
    if [[ $(systemctl get-default 2>/dev/null || true) == graphical.target ]] \
        && [[ -e /etc/systemd/system/display-manager.service ]]; then
        MODE=desktop
    fi
}

# The unit, with this install's user, home and prefix in place of the shipped defaults.
render_unit() {
    local home
    home=$(user_home)
    sed -e "s#^User=pi\$#User=$SERVICE_USER#" \
        -e "s#/home/pi/#$home/#g" \
        -e "s#/opt/facepacer/#$PREFIX/#g" \
        "$DEPLOY/facepacer.service"
}

render_autostart() {
    local home
    home=$(user_home)
    sed -e "s#/home/pi/#$home/#g" -e "s#/opt/facepacer/#$PREFIX/#g" "$DEPLOY/facepacer.desktop"
}

# Writes stdin to $1 (mode $2, owner $3) unless it already holds exactly that; says which.
put_file() {
    local target=$1 mode=$2 owner=$3 content
    content=$(cat)
    if [[ -f $target ]] && [[ $(cat "$target") == "$content" ]]; then
        say "$target is up to date"
        return 1
    fi
    if ((DRY_RUN)); then
        say "would write $target"
    else
        local tmp
        tmp=$(mktemp "$(dirname "$target")/.facepacer.XXXXXX")
        printf '%s\n' "$content" >"$tmp"
        chmod "$mode" "$tmp"
        chown "$owner" "$tmp"
        mv -f "$tmp" "$target"
        say "wrote $target"
    fi
    changed
}

step_i2c() {
    step "I2C"
    if ((NO_HARDWARE)); then
        say "skipped (--no-hardware)"
    elif ! command -v raspi-config >/dev/null; then
        say "no raspi-config here (not Raspberry Pi OS): enable I2C yourself"
        say "(dtparam=i2c_arm=on in /boot/firmware/config.txt, then reboot)"
    elif [[ $(raspi-config nonint get_i2c) == 0 ]]; then
        say "I2C is already enabled"
    else
        run raspi-config nonint do_i2c 0
        changed
        REBOOT=1
    fi
}

# The packages among the arguments that are installed, one a line (one dpkg-query for all).
installed() {
    { dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true; } \
        | awk '/ install ok installed$/ {print $1}'
}

step_packages() {
    step "system packages"
    local missing=() absent=() package candidate have
    have=$(installed "${PACKAGES[@]}" "${OPTIONAL_PACKAGES[@]}")
    for package in "${PACKAGES[@]}" "${OPTIONAL_PACKAGES[@]}"; do
        grep -qx "$package" <<<"$have" || absent+=("$package")
    done
    if ((${#absent[@]} == 0)); then
        say "all installed: ${PACKAGES[*]} ${OPTIONAL_PACKAGES[*]}"
        return
    fi
    # Fresh package lists before installing; and when there are none at all, before judging
    # whether an optional package exists.
    local needed=0
    for package in "${absent[@]}"; do
        [[ " ${OPTIONAL_PACKAGES[*]} " == *" $package "* ]] || needed=1
    done
    if ((needed)) || ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
        run apt-get update
    fi
    for package in "${absent[@]}"; do
        if [[ " ${OPTIONAL_PACKAGES[*]} " == *" $package "* ]]; then
            candidate=$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ {print $2}')
            if [[ -z $candidate || $candidate == "(none)" ]]; then
                say "$package is not in this system's archives (Raspberry Pi OS has it): without"
                say "it gpiozero has no pin library that sounds the buzzer"
                continue
            fi
        fi
        missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        say "all installed that the archives have: ${PACKAGES[*]}"
        return
    fi
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${missing[@]}"
    changed
}

step_user() {
    step "user $SERVICE_USER"
    if getent passwd "$SERVICE_USER" >/dev/null; then
        say "$SERVICE_USER exists"
    else
        run useradd --create-home --user-group --comment "facepacer device" "$SERVICE_USER"
        changed
    fi
    local group add=() absent=()
    for group in "${GROUPS_WANTED[@]}"; do
        if ! getent group "$group" >/dev/null; then
            absent+=("$group")
        elif ! id -nG "$SERVICE_USER" 2>/dev/null | tr ' ' '\n' | grep -qx "$group"; then
            add+=("$group")
        fi
    done
    ((${#absent[@]})) && say "no ${absent[*]} group on this system: skipped"
    if ((${#add[@]} == 0)); then
        say "$SERVICE_USER is in every group it needs"
        return
    fi
    run usermod -aG "$(IFS=,; printf '%s' "${add[*]}")" "$SERVICE_USER"
    changed
    REBOOT=1
}

source_hash() {
    (cd "$SOURCE" && find setup.py pyproject.toml firmware rituals assets -type f \
        ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum) \
        | sha256sum | cut -d' ' -f1
}

step_venv() {
    step "virtual environment $VENV"
    if [[ -x $VENV/bin/python ]] && grep -qx 'include-system-site-packages = true' \
        "$VENV/pyvenv.cfg" 2>/dev/null; then
        say "exists, with the system's packages"
    else
        run mkdir -p "$PREFIX"
        run "$PYTHON" -m venv --system-site-packages "$VENV"
        changed
    fi
    local hash
    hash=$(source_hash)
    if [[ $(cat "$PREFIX/source.sha256" 2>/dev/null) == "$hash" ]]; then
        say "facepacer is installed from this source already"
        return
    fi
    install_facepacer "$hash"
    changed
    # A running device keeps the old code until it restarts.
    if ((!NO_SERVICE)) && systemd_running && systemctl is-active --quiet facepacer.service 2>/dev/null; then
        run systemctl restart facepacer.service
    fi
}

# A copy of the source is built, so the clone gets no root-owned build files. --no-index: the
# dependencies must come from the system packages; pip fails rather than fetch PyPI copies.
install_facepacer() {
    local hash=$1
    if ((DRY_RUN)); then
        say "would install facepacer from $SOURCE into $VENV (pip --no-index, no PyPI)"
        return
    fi
    local build
    build=$(mktemp -d)
    (cd "$SOURCE" && tar -cf - --exclude=__pycache__ setup.py pyproject.toml README.md \
        firmware rituals assets) | tar -xf - -C "$build"
    "$VENV/bin/pip" install --quiet --no-index --no-build-isolation --no-cache-dir "$build"
    rm -rf "$build"
    printf '%s\n' "$hash" >"$PREFIX/source.sha256"
    PYGAME_HIDE_SUPPORT_PROMPT=1 "$VENV/bin/python" - <<'EOF'
from importlib.metadata import version
import pygame, gpiozero, smbus2, yaml, facepacer
print(f"    facepacer {facepacer.__version__}, with pygame {version('pygame')} and gpiozero"
      f" {version('gpiozero')} from {pygame.__file__.rsplit('/pygame/', 1)[0]}")
EOF
}

step_command() {
    step "command $BIN_DIR/facepacer"
    if [[ $(readlink "$BIN_DIR/facepacer" 2>/dev/null) == "$VENV/bin/facepacer" ]]; then
        say "links to $VENV/bin/facepacer"
        return
    fi
    run mkdir -p "$BIN_DIR"
    run ln -sfn "$VENV/bin/facepacer" "$BIN_DIR/facepacer"
    changed
}

# Each missing folder on the way, owned by the user (root would own what mkdir -p makes).
user_dirs() {
    local home dir
    home=$(user_home)
    for dir in .config .config/facepacer .local .local/share .local/share/facepacer; do
        [[ -d $home/$dir ]] && continue
        run install -d -o "$SERVICE_USER" -g "$(id -gn "$SERVICE_USER" 2>/dev/null || echo "$SERVICE_USER")" \
            -m 0700 "$home/$dir"
        changed
    done
}

step_files() {
    step "settings and session log folders"
    user_dirs
    local home target
    home=$(user_home)
    target=$home/.config/facepacer/config.yaml
    if [[ -e $target ]]; then
        say "$target exists: left as it is"
        return
    fi
    if ((DRY_RUN)); then
        say "would write $target (every setting commented out)"
    else
        # Written aside and linked into place: a crash leaves no half file, and an existing
        # file is never replaced (ln refuses to overwrite).
        local tmp
        tmp=$(mktemp "$home/.config/facepacer/.config.yaml.XXXXXX")
        cat "$DEPLOY/config.yaml" >"$tmp"
        chmod 0644 "$tmp"
        chown "$SERVICE_USER:" "$tmp"
        if ln "$tmp" "$target" 2>/dev/null; then
            say "wrote $target"
        else
            say "$target appeared meanwhile: left as it is"
        fi
        rm -f "$tmp"
    fi
    changed
}

step_udev() {
    step "backlight udev rule"
    if ((NO_HARDWARE)); then
        say "skipped (--no-hardware)"
        return
    fi
    if put_file "$UDEV_RULE" 0644 root:root <"$DEPLOY/99-facepacer-backlight.rules"; then
        if udevd_running; then
            run udevadm control --reload
            run udevadm trigger --subsystem-match=backlight --action=add
        else
            say "skipped (udevd is not running here): udevadm control --reload; the rule applies"
            say "from the next boot"
            SKIPPED+=("udevadm control --reload")
        fi
    fi
}

step_service() {
    step "start at boot ($MODE)"
    if ((NO_SERVICE)); then
        say "skipped (--no-service)"
        return
    fi
    if [[ $MODE == desktop ]]; then
        # One starter only: the service would fight the desktop for the screen.
        remove_service
        local home dir
        home=$(user_home)
        dir=$home/.config/autostart
        if [[ ! -d $dir ]]; then
            run install -d -o "$SERVICE_USER" -g "$(id -gn "$SERVICE_USER")" -m 0755 "$dir"
        fi
        put_file "$dir/facepacer.desktop" 0644 "$SERVICE_USER:" < <(render_autostart) || true
        return
    fi
    local entry
    entry=$(user_home)/.config/autostart/facepacer.desktop
    if [[ -e $entry ]]; then
        say "the desktop's autostart entry would start a second device: removing it"
        run rm -f "$entry"
        changed
    fi
    if put_file "$UNIT_DIR/facepacer.service" 0644 root:root < <(render_unit); then
        run_live systemctl daemon-reload
        run_live systemctl try-restart facepacer.service
    fi
    if systemctl is-enabled --quiet facepacer.service 2>/dev/null; then
        say "facepacer.service is enabled"
    else
        run systemctl enable facepacer.service
        changed
    fi
    # The login prompt on tty1 would fight the device for the console at every boot.
    if systemctl is-enabled --quiet getty@tty1.service 2>/dev/null; then
        run systemctl disable getty@tty1.service
        changed
    else
        say "no login prompt on tty1 (the device owns it)"
    fi
}

step_doctor() {
    step "facepacer doctor"
    local home
    home=$(user_home)
    if ((DRY_RUN)); then
        say "would run: facepacer doctor (as $SERVICE_USER)"
        return
    fi
    (cd "$home/.local/share/facepacer" && runuser -u "$SERVICE_USER" -- \
        env HOME="$home" "$VENV/bin/facepacer" doctor) || \
        say "(before the reboot, I2C, the groups and the service may still show as failing)"
}

said_skipped() {
    if ((${#SKIPPED[@]})); then
        printf '\nSkipped here (no running systemd or udevd, as in an image being built); they take\n'
        printf 'effect at the next boot:\n'
        printf '  %s\n' "${SKIPPED[@]}"
    fi
}

next_steps() {
    said_skipped
    printf '\n'
    if ((DRY_RUN)); then
        printf 'Dry run: nothing was changed (%d step(s) would change something).\n' "$CHANGES"
    elif ((CHANGES == 0)); then
        printf 'Nothing changed: facepacer was already installed as asked.\n'
    else
        printf 'Done: %d change(s).\n' "$CHANGES"
    fi
    local reboot="Reboot (sudo reboot) to start the device as it will start every day."
    if ((REBOOT)); then
        reboot="Reboot (sudo reboot): I2C and the new groups take effect then."
    fi
    cat <<EOF

Next:
  1. $reboot
  2. Wire the sensor and the buzzer: docs/wiring.svg, and README's Hardware section.
  3. facepacer probe   shows each electrode live and sounds every cue.
  4. facepacer doctor  checks everything again and says what to fix.
EOF
}

# The service, its drop-ins, and tty1's login prompt back (at once, not only after a reboot).
remove_service() {
    if [[ -e $UNIT_DIR/facepacer.service ]]; then
        run_live systemctl stop facepacer.service
        run systemctl disable facepacer.service
        run rm -f "$UNIT_DIR/facepacer.service"
        changed
        if [[ -d $DROP_IN_DIR ]]; then
            say "removing the settings made with \`systemctl edit facepacer\` ($DROP_IN_DIR)"
            run rm -rf "$DROP_IN_DIR"
        fi
        run_live systemctl daemon-reload
        run systemctl enable getty@tty1.service
        run_live systemctl start getty@tty1.service
    fi
}

uninstall() {
    local home
    home=$(user_home)
    step "removing facepacer"
    remove_service
    local file
    for file in "$home/.config/autostart/facepacer.desktop" "$UDEV_RULE"; do
        if [[ -e $file ]]; then
            run rm -f "$file"
            changed
        fi
    done
    if [[ $(readlink "$BIN_DIR/facepacer" 2>/dev/null) == "$VENV/bin/facepacer" ]]; then
        run rm -f "$BIN_DIR/facepacer"
        changed
    fi
    if [[ -d $VENV ]]; then
        run rm -rf "$VENV" "$PREFIX/source.sha256"
        run rmdir --ignore-fail-on-non-empty "$PREFIX"
        changed
    fi
    if [[ -d /var/lib/facepacer ]]; then
        run rm -rf /var/lib/facepacer   # the service's working folder (lgpio's files)
        changed
    fi
    if ((PURGE)); then
        for file in "$home/.local/share/facepacer" "$home/.config/facepacer"; do
            if [[ -e $file ]]; then
                run rm -rf "$file"
                changed
            fi
        done
    else
        say "kept: the session log in $home/.local/share/facepacer and the settings in"
        say "$home/.config/facepacer (--purge deletes them)"
    fi
    say "left as they are: the system packages, the user $SERVICE_USER and its groups, I2C"
    said_skipped
    printf '\n'
    if ((DRY_RUN)); then
        printf 'Dry run: nothing was changed (%d step(s) would change something).\n' "$CHANGES"
    elif ((CHANGES == 0)); then
        printf 'Nothing changed: facepacer was not installed.\n'
    else
        printf 'Removed: %d change(s).\n' "$CHANGES"
    fi
}

main() {
    parse_args "$@"
    if ((PRINT_PACKAGES)); then
        printf '%s\n' "${PACKAGES[@]}"
        return
    fi
    if ((PRINT_UNIT)); then
        render_unit
        return
    fi
    if ((!DRY_RUN)) && ((EUID != 0)); then
        die "run it as root: sudo $0 $*"
    fi
    pick_mode
    ((DRY_RUN)) && printf 'Dry run: every step is shown, nothing is changed (user %s).\n' \
        "$SERVICE_USER"
    if ((UNINSTALL)); then
        uninstall
        return
    fi
    printf 'Installing facepacer from %s for user %s (%s mode).\n' "$SOURCE" "$SERVICE_USER" "$MODE"
    step_i2c
    step_packages
    step_user
    step_venv
    step_command
    step_files
    step_udev
    step_service
    step_doctor
    next_steps
}

main "$@"
