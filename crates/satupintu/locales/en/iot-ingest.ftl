# IoT sensor readings ingestion (MQTT and HTTP)
iot-error-too-large = The payload is too large (at most 256 KiB per message).
iot-error-json = The payload is not valid JSON: send one object with the fields sensor, value and ts (optional), or an array of such objects.
iot-error-empty = The array of readings is empty.
iot-error-too-many = Too many readings in one payload (at most 1,000).
iot-error-reading = A reading must be a JSON object.
iot-error-sensor = The sensor id is missing or not valid.
iot-error-value = The reading's value must be a number.
iot-error-ts = The reading's time is not valid (RFC 3339), too far in the future, or older than the raw data retention.
iot-error-unknown-sensor = Unknown sensor, or not this device's.
iot-error-inactive = This device is deactivated.
iot-error-token = The device token is missing or not valid.
iot-error-busy = Ingestion is busy; try sending again shortly.
cli-iot-mosquitto-auth = Mosquitto files written: { $devices } devices.
cli-iot-mosquitto-skipped = Devices without an MQTT hash skipped (give them a new token): { $ids }
