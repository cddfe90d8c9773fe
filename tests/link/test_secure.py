"""The link with a broker that wants a password (and enforces an ACL), and one that speaks TLS
with a certificate from a throwaway CA made here with openssl."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess

import pytest

from .broker import Broker, Listener, device, finish, has, mqtt_config, needs_mosquitto

pytestmark = needs_mosquitto

BASE = "facepacer/test_mirror"
ACL = """\
user mirror
topic readwrite facepacer/#
topic write homeassistant/#

user ha
topic read #
topic write facepacer/+/command
"""


@pytest.fixture
def guarded(tmp_path):
    passwords = tmp_path / "passwd"
    tool = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
    subprocess.run([tool, "-b", "-c", str(passwords), "mirror", "s3cret"], check=True)
    subprocess.run([tool, "-b", str(passwords), "ha", "hapass"], check=True)
    (tmp_path / "acl").write_text(ACL)
    extra = f"allow_anonymous false\npassword_file {passwords}\nacl_file {tmp_path / 'acl'}\n"
    broker = Broker(tmp_path / "broker", extra).start()
    yield broker
    broker.stop()


def published(home):
    with sqlite3.connect(str(home / "log.db")) as conn:
        return conn.execute("SELECT published FROM sessions").fetchall()


def test_with_a_password_file_the_device_is_let_in_and_announces_its_session(
    guarded, home, tmp_path
):
    (tmp_path / "pw").write_text("s3cret\n")
    listener = Listener(guarded, auth=("ha", "hapass"))
    try:
        config = mqtt_config(guarded, f"  username: mirror\n  password_file: {tmp_path / 'pw'}\n")
        finish(device(home, config, "--virtual-clock", "--no-mood",
                      "--ritual", str(home / "ritual.yaml")))  # fmt: skip
        event = listener.wait_for(has(f"{BASE}/session"), "the session event")
        assert json.loads(event)["status"] == "completed"
        listener.wait_for(has("homeassistant/sensor/test_mirror/state/config"), "discovery")
    finally:
        listener.close()
    assert published(home) == [(1,)]


def test_a_wrong_password_is_reported_and_the_ritual_runs_and_is_kept_for_later(guarded, home):
    config = mqtt_config(guarded, "  username: mirror\n  password: wrong\n")
    _, err = finish(device(home, config, "--virtual-clock", "--no-mood",
                           "--ritual", str(home / "ritual.yaml")))  # fmt: skip
    assert f"cannot connect to the MQTT broker at 127.0.0.1:{guarded.port}" in err
    assert "Not authorized" in err or "Bad user name or password" in err
    assert published(home) == [(0,)]


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tls(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (apt-get install openssl)")
    ca = tmp_path / "ca"
    ca.mkdir()
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
            "-subj", "/CN=facepacer test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=ca)  # fmt: skip
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1",
            cwd=ca)  # fmt: skip
    (ca / "ext").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    sign = ("-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1")
    openssl("x509", "-req", "-in", "server.csr", *sign, "-out", "server.pem", "-extfile", "ext",
            cwd=ca)  # fmt: skip
    extra = (f"allow_anonymous true\ncafile {ca / 'ca.pem'}\ncertfile {ca / 'server.pem'}\n"
             f"keyfile {ca / 'server.key'}\n")  # fmt: skip
    broker = Broker(tmp_path / "broker", extra).start()
    yield broker, ca / "ca.pem"
    broker.stop()


def test_over_tls_with_the_brokers_ca_the_device_connects_and_announces(tls, home):
    broker, ca = tls
    listener = Listener(broker, tls_ca=ca)
    try:
        config = mqtt_config(broker, f"  tls: true\n  ca_file: {ca}\n")
        finish(device(home, config, "--virtual-clock", "--no-mood",
                      "--ritual", str(home / "ritual.yaml")))  # fmt: skip
        listener.wait_for(has(f"{BASE}/session"), "the session event over TLS")
        listener.wait_for(has(f"{BASE}/availability", "offline"), "offline on closing")
    finally:
        listener.close()


def test_a_ca_file_that_cannot_be_read_turns_mqtt_off_with_a_warning(home, tmp_path):
    config = f"mqtt:\n  host: 127.0.0.1\n  tls: true\n  ca_file: {tmp_path / 'missing.pem'}\n"
    out, err = finish(device(home, config, "--virtual-clock", "--no-mood", "--json",
                             "--ritual", str(home / "ritual.yaml")))  # fmt: skip
    assert "facepacer run: warning: MQTT is off: cannot use the MQTT CA file" in err
    assert json.loads(out.splitlines()[-1])["status"] == "completed"


def test_a_broker_whose_certificate_the_ca_file_did_not_sign_is_called_a_certificate_problem(
    tls, home, tmp_path
):
    broker, _ca = tls
    other = tmp_path / "other"
    other.mkdir()
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl("req", "-x509", *ec, "-keyout", "o.key", "-out", "o.pem", "-days", "1",
            "-subj", "/CN=another CA", cwd=other)  # fmt: skip
    config = mqtt_config(broker, f"  tls: true\n  ca_file: {other / 'o.pem'}\n")
    out, err = finish(device(home, config, "--virtual-clock", "--no-mood", "--json",
                             "--ritual", str(home / "ritual.yaml")))  # fmt: skip
    assert f"cannot connect to the MQTT broker at 127.0.0.1:{broker.port}: the broker's TLS " in err
    assert "certificate was refused (self-signed certificate in certificate chain)" in err
    assert "ca_file must be the CA that signed it" in err and "no answer" not in err
    assert json.loads(out.splitlines()[-1])["status"] == "completed"


def test_tls_to_a_port_that_speaks_plain_mqtt_says_the_handshake_failed(broker, home):
    config = mqtt_config(broker, "  tls: true\n")
    _, err = finish(device(home, config, "--virtual-clock", "--no-mood",
                           "--ritual", str(home / "ritual.yaml")))  # fmt: skip
    assert "the TLS handshake failed (" in err, err
    assert f"is {broker.port} the broker's TLS port?" in err and "no answer" not in err
    assert err.count("warning:") == err.count("\n")  # one voice: no prefix said twice
