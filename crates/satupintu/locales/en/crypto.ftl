# Personal data encrypted at rest (satupintu keys ...)
cli-keys-status-head = Data keys (the last one encrypts):
cli-keys-status-current = current key: { $id } ({ $source })
cli-keys-status-row = { $place }: { $count } values under key { $key }
cli-keys-rotated = New data key { $id } is current; { $count } values re-encrypted. Back up the key file now, then restart every satupintu process.
