//! Optional persistence: the whole state as one JSON snapshot in a SQLite file, written after
//! each change, so the sandbox survives an app restart when the merchant wants it to.

use std::path::Path;

use rusqlite::{Connection, params};

use crate::error::{Result, SandboxError};
use crate::world::World;

fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path).map_err(|e| SandboxError::Persist(e.to_string()))?;
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);",
    )
    .map_err(|e| SandboxError::Persist(e.to_string()))?;
    Ok(conn)
}

/// Writes `world` to `path`.
pub fn save(path: &Path, world: &World) -> Result<()> {
    let json = serde_json::to_string(world).map_err(|e| SandboxError::Persist(e.to_string()))?;
    open(path)?
        .execute("INSERT INTO snapshot (id, state) VALUES (1, ?1) ON CONFLICT(id) DO UPDATE SET state = excluded.state", params![json])
        .map_err(|e| SandboxError::Persist(e.to_string()))?;
    Ok(())
}

/// Reads the world saved at `path`.
pub fn load(path: &Path) -> Result<World> {
    let json: String = open(path)?
        .query_row("SELECT state FROM snapshot WHERE id = 1", [], |r| r.get(0))
        .map_err(|e| SandboxError::Persist(e.to_string()))?;
    serde_json::from_str(&json).map_err(|e| SandboxError::Persist(e.to_string()))
}
