"""Earlier versions of a regulation on the site: the current page links to them, and each has a page.

The current version keeps `regulations/<slug>.html`; an earlier version gets
`regulations/<slug>.<valid_from>.html`, rendered by the same page generator, so its article anchors
(`#art-N`) are the same as the current page's wherever the articles are. The pages are added as
generated files (mkdocs `on_files`, this module is also a hook) and filled by a macro, so nothing is
written into docs/. A regulation with one version looks exactly as before.
"""

from __future__ import annotations

from calculator import versions
from calculator.rulebook import Regulation, Rulebook
from mkdocs.structure.files import File

from sitegen import context, regulation
from sitegen.markup import text


def page_name(slug: str, valid_from: str) -> str:
    return f"regulations/{slug}.{valid_from}.md"


def on_files(files, config):
    """mkdocs hook: one generated page per earlier version of every regulation, and the page of a
    regulation that has no docs/regulations/<slug>.md yet (a new one shows up on the site at once;
    adding that file and a nav entry puts it in the menu)."""
    for reg in context.current().book.regulations.values():
        if files.get_file_from_path(f"regulations/{reg.slug}.md") is None:
            files.append(File.generated(config, f"regulations/{reg.slug}.md",
                                        content=f'{{{{ regulation_page("{reg.slug}") }}}}\n'))
        for old in reg.earlier:
            macro = f'{{{{ earlier_version_page("{reg.slug}", "{old.data["valid_from"]}") }}}}\n'
            files.append(File.generated(config, page_name(reg.slug, old.data["valid_from"]), content=macro))
    return files


def current_page(reg: Regulation, book: Rulebook) -> str:
    """The regulation page, with the list of earlier versions under its title when there are any."""
    page = regulation.regulation_page(reg, book)
    if not reg.earlier:
        return page
    links = "".join(f"\n    - [{text(versions.describe(old.data))}]({reg.slug}.{old.data['valid_from']}.md)"
                    for old in reg.earlier)
    box = f'!!! info "版本"\n    本页为{text(versions.describe(reg.data))}。早期版本：\n{links}\n'
    title, _, rest = page.partition("\n\n")
    return f"{title}\n\n{box}\n{rest}"


def earlier_page(book: Rulebook, slug: str, valid_from: str) -> str:
    """An earlier version's page, headed by a warning that it is no longer in force."""
    current = book.get(slug)
    old = next(r for r in current.earlier if r.data["valid_from"] == valid_from)
    page = regulation.regulation_page(old, book)
    box = (f'!!! warning "已失效的版本"\n    本页为{text(versions.describe(old.data))}，仅供核对当时立项的项目。'
           f"现行版本见[{text(current.meta['title'])}]({slug}.md)。计算器按立项日期自动选用当时施行的版本。\n")
    title, _, rest = page.partition("\n\n")
    return f"{title}\n\n{box}\n{rest}"
