//! A case's corroboration: the page of findings and the analysts' decisions on its review items.
