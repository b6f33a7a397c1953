-- SPDX-License-Identifier: MIT
-- Neovim's built-in LSP client (0.7 API) against `closecheck --lsp`, headless:
-- open the file, wait for the diagnostics, write what Neovim shows and what
-- it received; then fix the buffer, :write, and wait for them to go away;
-- then type the leak back in without saving and wait for it to show.
-- Environment: CC_BIN (closecheck), CC_FILE (a C file with a leak), CC_OUT
-- (written: the diagnostics, one per line), CC_RAW (written: the
-- publishDiagnostics params as received, JSON), CC_FIXED (written: the
-- number of diagnostics after the fix is saved), CC_TYPED (written: the
-- line:column of the diagnostic after typing, or 'none').
local cc, file = os.getenv('CC_BIN'), os.getenv('CC_FILE')
local received = {}
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local client = vim.lsp.start_client({
  name = 'closecheck',
  cmd = { cc, '--lsp' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      table.insert(received, result)
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
vim.lsp.buf_attach_client(0, client)
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)

local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  local related = lsp.relatedInformation and #lsp.relatedInformation or 0
  table.insert(lines, string.format('%d:%d-%d:%d: %s: [%s] %s (%s, %d related)',
    d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1,
    vim.diagnostic.severity[d.severity], tostring(d.code or lsp.code), d.message,
    tostring(d.source), related))
end
vim.fn.writefile(lines, os.getenv('CC_OUT'))
vim.fn.writefile({ vim.fn.json_encode(received[#received] or {}) }, os.getenv('CC_RAW'))

-- The fix: drop the early return, save; didChange then didSave.
local buf = vim.api.nvim_buf_get_lines(0, 0, -1, false)
local fixed, skip = {}, 0
for _, l in ipairs(buf) do
  if l:match('c == EOF') then
    skip = 2                    -- the test and its 'return -1;'
  end
  if skip > 0 then
    skip = skip - 1
  else
    table.insert(fixed, l)
  end
end
vim.api.nvim_buf_set_lines(0, 0, -1, false, fixed)
vim.wait(300)                 -- let the debounced didChange go out first
local before = #received
vim.cmd('write')
vim.wait(30000, function() return #received > before end, 50)
vim.fn.writefile({ tostring(#vim.diagnostic.get(0)) }, os.getenv('CC_FIXED'))

-- Typing, no save: the leak comes back in the buffer only.
vim.api.nvim_buf_set_lines(0, 0, -1, false, buf)
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local typed = vim.diagnostic.get(0)[1]
vim.fn.writefile({ typed and string.format('%d:%d', typed.lnum + 1, typed.col + 1) or 'none' },
  os.getenv('CC_TYPED'))
vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.client_is_stopped(client) end, 50)
vim.cmd('qa!')
