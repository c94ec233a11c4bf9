"""One ``claimlint lsp`` server per test module (module-scoped: starting one costs the
spaCy import and the engine build), driven through pytest-lsp's client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_lsp
from lsp_helpers import SERVER, Client, initialize_params


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: Client) -> AsyncIterator[None]:
    lsp_client.initialized_with = await lsp_client.initialize_session(initialize_params())
    yield
    await lsp_client.shutdown_session()
