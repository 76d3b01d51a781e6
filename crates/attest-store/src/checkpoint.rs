//! Tree heads and signed checkpoints of the log, and the proof that today's log still contains a
//! checkpoint's log unchanged.
//!
//! A tree head is the log's Merkle tree size and root (`merkle.rs`) with the archive id and a
//! time. A checkpoint is a tree head signed with the checkpoint key (`attest-vault`), a key the
//! archive's passphrase holder need not have. Deposited with a third party, it pins the first
//! `tree_size` entries: deleting or rewriting any of them, then rewriting the stored head (which
//! lives in the same database), no longer goes unnoticed. Entries appended after it are not
//! pinned until the next checkpoint.
//!
//! The workspace server writes unsigned heads on a schedule ([`TreeHead::write_unsigned`]); the key
//! holder signs them later, away from the server, so a server compromise never yields the key.

use std::path::Path;

use attest_vault::{CheckpointPublicKey, CheckpointSigningKey};
use serde::{Deserialize, Serialize};

use crate::Archive;
use crate::error::{Result, StoreError};
use crate::merkle;
use crate::records::Problem;

const FORMAT: &str = "attest-checkpoint/1";

/// A tree head, signed or not.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Checkpoint {
    /// Format name and version.
    pub format: String,
    /// The archive.
    pub archive_id: String,
    /// Number of log entries covered.
    pub tree_size: u64,
    /// Merkle root over them, hex.
    pub root_hash: String,
    /// When the head was taken, RFC 3339 UTC.
    pub at: String,
    /// The signer's Ed25519 public key, hex (absent in an unsigned head).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// Ed25519 signature of [`Checkpoint::signed_text`], hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// What checking a checkpoint against the archive found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointReport {
    /// The checkpoint's size.
    pub tree_size: u64,
    /// The log's size today.
    pub log_size: u64,
    /// The signer's public key, hex: compare it with the one deposited.
    pub public_key: Option<String>,
    /// The consistency proof from the checkpoint to today's tree, hex, for a third party.
    pub consistency_proof: Vec<String>,
    /// Today's root, hex.
    pub root_hash: String,
}

impl Checkpoint {
    /// The exact bytes a signature covers.
    pub fn signed_text(&self) -> String {
        format!(
            "{FORMAT}\narchive {}\nsize {}\nroot {}\nat {}\n",
            self.archive_id, self.tree_size, self.root_hash, self.at
        )
    }

    /// Reads a checkpoint or tree head file.
    pub fn read(path: &Path) -> Result<Checkpoint> {
        let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, e))?;
        let cp: Checkpoint = serde_json::from_slice(&bytes)
            .map_err(|e| StoreError::invalid("checkpoint", format!("{}: not a checkpoint: {e}", path.display())))?;
        if cp.format != FORMAT {
            return Err(StoreError::invalid("checkpoint", format!("{}: unknown format {}", path.display(), cp.format)));
        }
        Ok(cp)
    }

    /// Writes it to `path`, which must not exist.
    pub fn write_new(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| StoreError::invalid("checkpoint", e.to_string()))?;
        let mut f =
            std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| StoreError::io(path, e))?;
        std::io::Write::write_all(&mut f, &json).map_err(|e| StoreError::io(path, e))?;
        f.sync_all().map_err(|e| StoreError::io(path, e))
    }

    /// Signs the head with the checkpoint key (replacing any earlier signature).
    pub fn sign(mut self, key: &CheckpointSigningKey) -> Checkpoint {
        self.public_key = Some(key.public_key().to_hex());
        self.signature = Some(key.sign(self.signed_text().as_bytes()));
        self
    }

    /// Checks the signature; with `trusted`, also that it is that key's. Returns the signer.
    pub fn check_signature(
        &self,
        trusted: Option<&CheckpointPublicKey>,
    ) -> std::result::Result<CheckpointPublicKey, String> {
        let (Some(pk), Some(sig)) = (&self.public_key, &self.signature) else {
            return Err(
                "the checkpoint is not signed (an unsigned tree head: have the checkpoint key holder sign it)".into()
            );
        };
        let pk = CheckpointPublicKey::from_hex(pk).map_err(|e| e.to_string())?;
        if let Some(t) = trusted
            && *t != pk
        {
            return Err(format!("signed by {}, not by the trusted key {}", pk.to_hex(), t.to_hex()));
        }
        if !pk.verify(self.signed_text().as_bytes(), sig) {
            return Err("the signature does not match the tree head (altered checkpoint)".into());
        }
        Ok(pk)
    }
}

impl Archive {
    /// The log's tree head now (unsigned).
    pub fn tree_head(&self) -> Result<Checkpoint> {
        let leaves = crate::log::leaf_hashes(&self.conn)?;
        Ok(Checkpoint {
            format: FORMAT.into(),
            archive_id: self.state.archive_id.clone(),
            tree_size: leaves.len() as u64,
            root_hash: attest_vault::hex(&merkle::root(&leaves)),
            at: self.state.clock.now(),
            public_key: None,
            signature: None,
        })
    }

    /// Proves that today's log extends the checkpoint's log unchanged: the signature is checked
    /// (against `trusted` when given), then a consistency proof from the checkpoint's tree to
    /// today's is built and verified against both roots. Problems name what failed.
    pub fn check_checkpoint(
        &self,
        cp: &Checkpoint,
        trusted: Option<&CheckpointPublicKey>,
    ) -> Result<(CheckpointReport, Vec<Problem>)> {
        let problem = |m: String| Problem { kind: "checkpoint", message: m };
        let mut problems = Vec::new();
        let signer = match cp.check_signature(trusted) {
            Ok(pk) => Some(pk.to_hex()),
            Err(m) => {
                problems.push(problem(m));
                None
            }
        };
        if cp.archive_id != self.state.archive_id {
            problems.push(problem(format!(
                "the checkpoint is of archive {}, not this one ({})",
                cp.archive_id, self.state.archive_id
            )));
        }
        let leaves = crate::log::leaf_hashes(&self.conn)?;
        let n = leaves.len() as u64;
        let today = merkle::root(&leaves);
        let mut report = CheckpointReport {
            tree_size: cp.tree_size,
            log_size: n,
            public_key: signer,
            consistency_proof: Vec::new(),
            root_hash: attest_vault::hex(&today),
        };
        let Some(old_root) = attest_vault::unhex(&cp.root_hash).and_then(|b| <[u8; 32]>::try_from(b).ok()) else {
            problems.push(problem("the checkpoint's root is not a SHA-256 value".into()));
            return Ok((report, problems));
        };
        if cp.tree_size == 0 || cp.tree_size > n {
            problems.push(problem(format!(
                "the checkpoint covers {} log entries but the log has only {n}: entries were removed (and the head rewritten)",
                cp.tree_size
            )));
            return Ok((report, problems));
        }
        let proof = merkle::consistency_proof(cp.tree_size as usize, &leaves);
        report.consistency_proof = proof.iter().map(|h| attest_vault::hex(h)).collect();
        if !merkle::verify_consistency(cp.tree_size, n, &old_root, &today, &proof) {
            // Name the first entry that differs from the checkpoint's tree, when it can be found:
            // the smallest prefix whose root no longer matches is not knowable from the root alone,
            // so say what is known.
            problems.push(problem(format!(
                "the log's first {} entries are not the ones the checkpoint of {} signed: history before it was rewritten or removed",
                cp.tree_size, cp.at
            )));
        }
        Ok((report, problems))
    }
}
