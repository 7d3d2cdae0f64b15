"""Schema component 'sanctions': its tables and migrations (append; never edit a released migration).

sanctioned_entities          one row per FollowTheMoney entity (Person, Organization, Company, LegalEntity,
                             Vessel, Address …) as last ingested; `datasets`/`topics`/`sectors` are lists
sanctioned_entity_countries  every value of every country-typed property (country, nationality, citizenship,
                             birthCountry, jurisdiction, mainCountry, flag, pastFlags; `countries` for the
                             simplified CSV); iso3 is NULL when the code is not a country (quarantined too)
sanctioned_entity_links      entity-typed links used for countries (addressEntity -> Address)
sanctions_designations       one row per (Sanction, entity), or per (dataset, entity) when a file lists an
                             entity without a Sanction (origin 'dataset', undated); `date` is the designation
                             date used (startDate, else listingDate) and `date_basis` says which, or 'none'
recommendation_updates       the audit log of recommendation status changes and evidence (user updates and
                             bundled evidence); list/report overlay the latest status on the bundled one
"""
from __future__ import annotations

from dyadwatch.store.schema import register_component

MIGRATIONS: list = [
    """
    CREATE TABLE sanctioned_entities (
        id VARCHAR NOT NULL, schema VARCHAR NOT NULL, caption VARCHAR, target BOOLEAN,
        topics VARCHAR[], sectors VARCHAR[], datasets VARCHAR[], first_seen VARCHAR, last_seen VARCHAR,
        properties JSON, source_id VARCHAR, ledger_sha256 VARCHAR NOT NULL, line BIGINT
    );
    CREATE TABLE sanctioned_entity_countries (
        entity_id VARCHAR NOT NULL, prop VARCHAR NOT NULL, code VARCHAR NOT NULL, iso3 VARCHAR,
        ledger_sha256 VARCHAR NOT NULL
    );
    CREATE TABLE sanctioned_entity_links (
        entity_id VARCHAR NOT NULL, prop VARCHAR NOT NULL, target_id VARCHAR NOT NULL,
        ledger_sha256 VARCHAR NOT NULL
    );
    CREATE TABLE sanctions_designations (
        id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, issuer VARCHAR NOT NULL, issuer_basis VARCHAR,
        authority VARCHAR, program VARCHAR, program_id VARCHAR, program_target VARCHAR, sanction_country VARCHAR,
        start_date VARCHAR, listing_date VARCHAR, end_date VARCHAR, date VARCHAR, date_basis VARCHAR NOT NULL,
        status VARCHAR, dataset VARCHAR, origin VARCHAR NOT NULL, source_id VARCHAR,
        ledger_sha256 VARCHAR NOT NULL, line BIGINT
    );
    CREATE TABLE recommendation_updates (
        seq BIGINT NOT NULL, recommendation_id VARCHAR NOT NULL, status VARCHAR, previous_status VARCHAR,
        note VARCHAR, evidence_date VARCHAR, source_id VARCHAR, claim_id VARCHAR, event_id VARCHAR,
        origin VARCHAR NOT NULL, updated_at TIMESTAMP DEFAULT current_timestamp
    );
    """,
]

register_component("sanctions", MIGRATIONS)
