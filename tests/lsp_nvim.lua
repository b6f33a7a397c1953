-- SPDX-License-Identifier: MIT
-- Neovim's built-in LSP client against `closecheck --lsp`, headless: open
-- the file, wait for diagnostics, write them to CC_OUT, quit.
local cc, file, out = os.getenv('CC_BIN'), os.getenv('CC_FILE'), os.getenv('CC_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local client = vim.lsp.start_client({
  name = 'closecheck',
  cmd = { cc, '--lsp' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(0, client)
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  local related = lsp.relatedInformation and #lsp.relatedInformation or 0
  table.insert(lines, string.format('%d:%d: [%s] %s (%d related)', d.lnum + 1, d.col + 1,
    tostring(d.code or lsp.code), d.message, related))
end
vim.fn.writefile(lines, out)
vim.cmd('qa!')
