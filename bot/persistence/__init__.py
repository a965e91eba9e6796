"""Everything that knows SQLAlchemy: the models, the database handle, migrations, the FSM storage and
the queries. The rest of the bot calls the functions here and never builds SQL itself."""
