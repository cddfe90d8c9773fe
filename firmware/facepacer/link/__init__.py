"""The optional link to an MQTT broker, with Home Assistant's discovery (README: Home Assistant).

Nothing here runs unless the config has an ``mqtt:`` section, and paho-mqtt is imported only then
(``pip install 'facepacer[mqtt]'``). The network lives on its own thread (``mqtt.MqttLink``): the
device's loop only leaves small messages in its inbox of bounded size (``inbox.py``) and picks up
commands, so a broker that is down, slow or refusing never delays a cue or a frame.
"""
