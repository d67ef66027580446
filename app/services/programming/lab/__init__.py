"""Lab rounds offline (Tin học trẻ in a school's computer room, without internet).

The province's hoithi exports a programming contest as a lab package (``package``): its settings, problems with
their packages by hash, contestants with fresh passwords (hashed in the package; plain only on the printable cards,
``cards``), a manifest of hashes and the Ed25519 key that will sign the results. A standalone hoithi in the lab
imports it (``lab_setup``), runs the round, and exports a signed results bundle (``results``). The province checks
the bundle and imports it whole or not at all (``bundle_import``). ``signing`` holds the keys, the manifests and
the signature; ``zips`` reads the packages and bundles under caps. docs/lab-rounds.md says why Ed25519.
"""
