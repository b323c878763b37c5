"""OAI-PMH 2.0 data provider: public entries, testimonies and galleries as oai_dc."""
