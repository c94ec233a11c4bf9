-- claimlint for Neovim: squiggles, hover (K) and quick fixes (vim.lsp.buf.code_action)
-- from `claimlint lsp`. Put this file in ~/.config/nvim/lua/ and `require("claimlint")`,
-- or paste its body into your init.lua.
--
-- Neovim 0.11+ (vim.lsp.config); for older versions with nvim-lspconfig see
-- editors/README.md.

local cmd = { "claimlint", "lsp" }  -- or { "/path/to/.venv/bin/claimlint", "lsp" }

vim.lsp.config("claimlint", {
  cmd = cmd,
  filetypes = { "markdown", "html", "text" },
  root_markers = { ".claimlint.yaml", ".claimlint.yml", "pyproject.toml", ".git" },
  -- Sent as initializationOptions; all optional.
  init_options = {
    debounce = 15,         -- ms without changes before a lint
    -- market = "eu",      -- overrides the project's configuration
    -- select = { "SCM" },
    -- ignore = { "SCM204" },
  },
})
vim.lsp.enable("claimlint")

-- :ClaimlintExplain SCM201  opens the rule's explanation (what `claimlint explain` prints).
-- Without an argument, explains the diagnostics under the cursor.
vim.api.nvim_create_user_command("ClaimlintExplain", function(opts)
  local client = vim.lsp.get_clients({ name = "claimlint" })[1]
  if not client then
    vim.notify("claimlint is not running in this buffer", vim.log.levels.WARN)
    return
  end
  local code = opts.args
  if code == "" then
    local line = vim.api.nvim_win_get_cursor(0)[1] - 1
    for _, d in ipairs(vim.diagnostic.get(0, { lnum = line })) do
      if d.source == "claimlint" then
        code = tostring(d.code)
        break
      end
    end
  end
  if code == "" then
    vim.notify("no claimlint diagnostic on this line", vim.log.levels.INFO)
    return
  end
  client:request("workspace/executeCommand",
    { command = "claimlint.explainRule", arguments = { code } },
    function(err, result)
      if err or not result then
        vim.notify("claimlint: unknown rule " .. code, vim.log.levels.WARN)
        return
      end
      vim.lsp.util.open_floating_preview(vim.split(result, "\n"), "markdown",
        { border = "rounded", max_width = 90 })
    end)
end, { nargs = "?" })
