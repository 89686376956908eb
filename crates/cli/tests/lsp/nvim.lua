-- The end-to-end test of `ordinal lsp` with a real client: Neovim's built-in LSP client (the
-- 0.7 API, Debian 12's neovim: vim.lsp.start_client + buf_attach_client), headless.
-- scripts/test-lsp.sh runs it:
--   ORDINAL=target/debug/ordinal FIXTURE=/tmp/…/fixture.yaml nvim --headless --clean -c 'luafile …'
-- Each check prints `ok` or `FAIL`; Neovim exits with status 1 when one failed.

local ordinal = assert(os.getenv('ORDINAL'), 'ORDINAL: the ordinal binary')
local fixture = assert(os.getenv('FIXTURE'), 'FIXTURE: a copy of crates/cli/tests/lsp/fixture.yaml')
local failed = 0
local passed = 0

local function out(text)
  io.stdout:write(text .. '\n')
end

local function check(cond, what, detail)
  if cond then
    passed = passed + 1
    out('ok   ' .. what)
  else
    failed = failed + 1
    out('FAIL ' .. what .. (detail and (': ' .. vim.inspect(detail)) or ''))
  end
  return cond
end

local function finish()
  out(string.format('lsp (neovim %s): %d passed, %d failed', tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch), passed, failed))
  io.stdout:flush()
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

-- a Lua error anywhere (a line the fixture lacks, a nil result) is a failure, not a hang
local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'ordinal',
    cmd = { ordinal, 'lsp' },
    root_dir = vim.fn.fnamemodify(fixture, ':h'),
    init_options = { ordinal = { disable = { 'PDB001' }, serverVersion = '1.35' } },
    flags = { debounce_text_changes = 0 },
  })
  check(client_id ~= nil, 'the client starts `ordinal lsp`')
  vim.lsp.buf_attach_client(buf, client_id)

  local function find(code)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == code then
        return d
      end
    end
  end

  local function line_of(text)
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if l:find(text, 1, true) then
        return i, l
      end
    end
  end

  local function request(method, params)
    local res = vim.lsp.buf_request_sync(buf, method, params, 15000)
    local r = res and res[client_id]
    if r and r.err then
      out('     ' .. method .. ' failed: ' .. vim.inspect(r.err))
    end
    return r and r.result
  end

  local function uri()
    return vim.uri_from_bufnr(buf)
  end

  -- 1. diagnostics pushed on open, with code, rule link and related places ------------------------
  vim.wait(20000, function() return find('STS006') ~= nil end, 50)
  local sts006 = find('STS006')
  if check(sts006 ~= nil, 'diagnostics on open: STS006 (the governing Service is not headless)', vim.diagnostic.get(buf)) then
    local name_line = line_of('name: recovery-demo-headless')
    check(sts006.lnum == name_line - 1 and sts006.severity == vim.diagnostic.severity.WARN, 'STS006 is a warning on the Service name', sts006)
    local lsp_data = sts006.user_data and sts006.user_data.lsp or {}
    local rel = lsp_data.relatedInformation or {}
    local sn_line = line_of('serviceName: recovery-demo-headless')
    check(#rel == 1 and rel[1].location.range.start.line == sn_line - 1 and rel[1].message == 'named here as the governing Service',
      'STS006 has the StatefulSet serviceName as relatedInformation', rel)
    check(lsp_data.codeDescription and lsp_data.codeDescription.href:match('/docs/rules/STS006%.md$') ~= nil, 'STS006 links to its rule page', lsp_data.codeDescription)
  end
  check(find('PDB001') == nil, 'settings: PDB001 disabled by initializationOptions')
  -- the label value after non-ASCII text: its end is in UTF-16 units, which the client converts back
  local api009 = find('API009')
  local labels_line, labels_text = line_of('labels: {team')
  if check(api009 ~= nil, 'API009 on the label value outside ASCII') then
    local s = labels_text:find('team:', 1, true)
    local _, e = labels_text:find('"données 𝄞"', 1, true)
    check(api009.lnum == labels_line - 1 and api009.col == s - 1 and api009.end_col == e, 'API009 covers exactly `team: "données 𝄞"` (UTF-16 positions)', { api009.col, api009.end_col, s - 1, e })
  end

  -- 2. hover -------------------------------------------------------------------------------------
  local function hover(lnum, bytecol)
    vim.api.nvim_win_set_cursor(0, { lnum, bytecol })
    local r = request('textDocument/hover', vim.lsp.util.make_position_params())
    return r and r.contents and r.contents.value or ''
  end
  local sn_line = line_of('serviceName:')
  local h = hover(sn_line, 4)
  check(h:find('The name of the headless Service that gives each pod its DNS name', 1, true) ~= nil, 'hover on serviceName: the guide\'s explanation', h)
  check(h:find('#### Why it matters', 1, true) ~= nil, 'hover on serviceName: its sections as Markdown')
  local name_line = line_of('name: recovery-demo-headless')
  h = hover(name_line, 10)
  check(h:find('it must equal the StatefulSet', 1, true) ~= nil and h:find('**STS006**', 1, true) ~= nil, 'hover on the Service name: explanation and the finding on it', h)
  h = hover(line_of('storage: 1Gi'), 20)
  check(h:find('1,073,741,824 bytes', 1, true) ~= nil, 'hover on `1Gi`: the value note', h)
  -- `app` after `"données 𝄞", `: the cursor's byte column becomes UTF-16 units in the request
  h = hover(labels_line, labels_text:find('app:', 1, true) - 1)
  check(h:find('`metadata.labels.app`', 1, true) ~= nil, 'hover after non-ASCII text finds `metadata.labels.app`', h:sub(1, 200))

  -- 3. related fields ----------------------------------------------------------------------------
  vim.api.nvim_win_set_cursor(0, { sn_line, 20 })
  local hl = request('textDocument/documentHighlight', vim.lsp.util.make_position_params()) or {}
  local lines = {}
  for _, x in ipairs(hl) do
    lines[#lines + 1] = x.range.start.line
  end
  table.sort(lines)
  check(#hl == 2 and lines[1] == name_line - 1 and lines[2] == sn_line - 1, 'documentHighlight on serviceName: it and the Service name', hl)
  local refs = request('textDocument/references', vim.tbl_extend('force', vim.lsp.util.make_position_params(), { context = { includeDeclaration = false } })) or {}
  check(#refs == 1 and refs[1].range.start.line == name_line - 1, 'references of serviceName: the Service name', refs)

  -- 4. document symbols --------------------------------------------------------------------------
  local symbols = request('textDocument/documentSymbol', { textDocument = { uri = uri() } }) or {}
  local names = {}
  for _, s in ipairs(symbols) do
    names[#names + 1] = s.name
  end
  check(vim.deep_equal(names, { 'Service recovery-demo-headless', 'StatefulSet recovery-demo-db' }), 'documentSymbol: the objects by kind and name', names)

  -- 5. a quick fix, applied --------------------------------------------------------------------
  local line_text = vim.api.nvim_buf_get_lines(buf, name_line - 1, name_line, false)[1]
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri() },
    range = { start = { line = name_line - 1, character = 0 }, ['end'] = { line = name_line - 1, character = #line_text } },
    context = { diagnostics = {} },
  }) or {}
  local fix
  for _, a in ipairs(actions) do
    if a.kind == 'quickfix' and a.diagnostics and a.diagnostics[1] and a.diagnostics[1].code == 'STS006' then
      fix = a
    end
  end
  if check(fix ~= nil and fix.isPreferred == true and fix.edit ~= nil, 'codeAction: the preferred quick fix of STS006', actions) then
    vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
    local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
    check(text:find('\nspec:\n  clusterIP: None\n', 1, true) ~= nil or text:find('\n  clusterIP: None\n', 1, true) ~= nil, 'the fix wrote `clusterIP: None` into the Service', text:sub(1, 400))
    -- the edit reaches the server as an incremental change; STS006 goes away
    vim.wait(15000, function() return find('STS006') == nil end, 50)
    check(find('STS006') == nil, 'after the fix (incremental didChange) STS006 is gone', vim.diagnostic.get(buf))
  end

  -- 6. a change by hand ------------------------------------------------------------------------
  local image_line, image_text = line_of('image: postgres:13-alpine')
  vim.api.nvim_buf_set_lines(buf, image_line - 1, image_line, false, { (image_text:gsub('13%-alpine', 'latest')) })
  vim.wait(15000, function() return find('POD001') ~= nil end, 50)
  local pod001 = find('POD001')
  check(pod001 ~= nil and pod001.lnum == image_line - 1, 'after typing `postgres:latest`: POD001 on that line', vim.diagnostic.get(buf))

  -- 7. completion ------------------------------------------------------------------------------
  local function complete(lnum, text)
    vim.api.nvim_buf_set_lines(buf, lnum, lnum, false, { text })
    local r = request('textDocument/completion', { textDocument = { uri = uri() }, position = { line = lnum, character = #text } }) or {}
    vim.api.nvim_buf_set_lines(buf, lnum, lnum + 1, false, {})
    local items = r.items or r
    local by_label = {}
    for _, i in ipairs(items) do
      by_label[i.label] = i
    end
    return by_label, #items
  end
  local replicas_line = line_of('replicas: 3')
  local values = complete(replicas_line, '  podManagementPolicy: ')
  check(values['OrderedReady'] ~= nil and values['Parallel'] ~= nil, 'completion after `podManagementPolicy: `: OrderedReady and Parallel', vim.tbl_keys(values))
  local keys = complete(replicas_line, '  podMan')
  local item = keys['podManagementPolicy']
  local doc = item and item.documentation and (item.documentation.value or item.documentation) or ''
  check(item ~= nil and doc:find('created and deleted one at a time in order', 1, true) ~= nil, 'completion of a StatefulSet spec key: podManagementPolicy, with the guide\'s summary', item)
  check(keys['podManagementPolicy'] ~= nil and keys['minReadySeconds'] ~= nil and keys['containers'] == nil, 'completion offers the fields of StatefulSetSpec only', vim.tbl_keys(keys))
  check(keys['replicas'] == nil and keys['serviceName'] == nil and keys['volumeClaimTemplates'] == nil, 'completion leaves out the keys already written', vim.tbl_keys(keys))
  local item_modes = complete(line_of('accessModes:'), '      - ReadW')
  check(item_modes['ReadWriteOnce'] ~= nil and item_modes['ReadWriteOncePod'] ~= nil, 'completion of an accessModes item: ReadWriteOnce, ReadWriteOncePod, …', vim.tbl_keys(item_modes))

  vim.lsp.stop_client(client_id)
end

local ok, err = pcall(main)
if not ok then
  check(false, 'the test ran to its end', err)
end
finish()
