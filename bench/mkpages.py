#!/usr/bin/python3
"""Builds the benchmark pages in OUTDIR (default bench/out/pages).

  report10k.html  a generated CMS report page as it is (~11 KB)
  cms40k.html     the same report inside a CMS page: navigation, a news list
                  sidebar and a related-news list (~40 KB)
  big2m.html      the report with ~2 MB of article/list HTML around it
  huge50m.html    the same idea padded to ~50 MB (memory test only)

Padding is realistic CMS markup: nested lists of links (absolute
http://example.com/ links, so mod_proxy_html has something to rewrite),
article paragraphs of Chinese text, inline scripts, styles and comments.
Deterministic: the same bytes on every run.
"""
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

WORDS = ("政府 信息 公开 工作 推进 落实 部署 要求 全面 加强 建设 服务 群众 企业 "
         "发展 改革 创新 经济 社会 安全 生产 应急 管理 会议 召开 领导 调研 检查 "
         "督导 乡村 振兴 生态 环境 保护 教育 医疗 卫生 交通 水利 农业 文化 旅游 "
         "项目 资金 政策 解读 通知 公告 规划 方案 实施 意见 办法 标准 考核 评估").split()


def sentence(rng, n=None):
    n = n or rng.randint(8, 22)
    return "".join(rng.choice(WORDS) for _ in range(n)) + rng.choice("，。；。")


def news_item(rng, i):
    y = rng.randint(2019, 2024)
    return ('<li><span class="date">%d-%02d-%02d</span>'
            '<a href="http://example.com/xwzx/%d/%06d.html" title="%s" target="_blank">%s</a></li>\n'
            % (y, rng.randint(1, 12), rng.randint(1, 28), y, i,
               sentence(rng, 6)[:-1], sentence(rng, rng.randint(5, 12))[:-1]))


def news_list(rng, title, n, start):
    out = ['<div class="list-box">\n<div class="list-title"><h3>%s</h3>'
           '<a class="more" href="http://example.com/xwzx/">更多&gt;&gt;</a></div>\n<ul class="news-list">\n' % title]
    for i in range(n):
        out.append(news_item(rng, start + i))
    out.append('</ul>\n</div>\n')
    return "".join(out)


def nav_block(rng):
    cols = ["首页", "政务公开", "政府信息公开", "办事服务", "互动交流", "走进本地", "专题专栏"]
    out = ['<div class="subnav">\n']
    for c in cols:
        out.append('<dl><dt><a href="http://example.com/%s/">%s</a></dt>\n' % (sum(map(ord, c)) % 997, c))
        for j in range(6):
            out.append('<dd><a href="http://example.com/lm/%d/">%s</a></dd>\n'
                       % (j, sentence(rng, 2)[:-1]))
        out.append('</dl>\n')
    out.append('</div>\n')
    return "".join(out)


def article(rng, i):
    out = ['<div class="news-article" id="art%d">\n<h2><a href="http://example.com/art/%d.html">%s</a></h2>\n'
           '<div class="meta">来源：本站&nbsp;&nbsp;浏览次数：<span id="hits%d">0</span></div>\n'
           % (i, i, sentence(rng, 8)[:-1], i)]
    for _ in range(rng.randint(3, 7)):
        out.append('<p style="text-indent:2em">%s</p>\n'
                   % "".join(sentence(rng) for _ in range(rng.randint(2, 5))))
    if i % 5 == 0:
        out.append('<script type="text/javascript">\n  (function(){ var el = document.getElementById("hits%d");'
                   ' if (el && window.counter) { el.innerHTML = counter.get("%d") + "<b>次</b>"; } })();\n</script>\n' % (i, i))
    if i % 7 == 0:
        out.append('<!-- 相关推荐 %d: <a href="http://example.com/x">x</a> -->\n' % i)
    if i % 11 == 0:
        out.append('<style>#art%d h2 { font-size: 16px; color: #333; } #art%d p { line-height: 1.8 }</style>\n' % (i, i))
    out.append('<div class="share"><a href="http://example.com/share?id=%d">分享</a> '
               '<a href="javascript:window.print()">打印</a></div>\n</div>\n' % i)
    return "".join(out)


def padding(rng, nbytes, seq):
    """~nbytes of realistic HTML (UTF-8 bytes)."""
    parts, size = [], 0
    while size < nbytes:
        seq[0] += 1
        k = seq[0]
        s = article(rng, k) if k % 3 else news_list(rng, sentence(rng, 3)[:-1], 15, k * 20)
        parts.append(s)
        size += len(s.encode("utf-8"))
    return "".join(parts)


def write(path, text):
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    t = time.time() - 3600      # an old page: strong ETag, cacheable
    os.utime(path, (t, t))
    return len(data)


def wrap(base, before, after):
    """Inserts padding before the article and before the footer."""
    a = base.index('<div class="article">')
    b = base.index('<div class="footer">')
    return base[:a] + before + base[a:b] + after + base[b:]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "out", "pages")
    want_huge = "--no-huge" not in sys.argv
    os.makedirs(out, exist_ok=True)
    gen = os.path.join(out, "gen")
    if not os.path.exists(os.path.join(gen, "0000-cms-utf-8.html")):
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "t/gen/genreport.py"),
                        "--seed", "3", "--count", "1", "--markups", "cms",
                        "--encodings", "utf-8", "--out", gen],
                       check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(gen, "0000-cms-utf-8.html"), "rb") as f:
        base = f.read().decode("utf-8")
    rng = random.Random(20240601)
    seq = [0]
    sizes = {}
    sizes["report10k.html"] = write(os.path.join(out, "report10k.html"), base)
    side = nav_block(rng) + news_list(rng, "通知公告", 40, 0) + news_list(rng, "部门动态", 40, 100)
    rel = news_list(rng, "相关阅读", 30, 200)
    sizes["cms40k.html"] = write(os.path.join(out, "cms40k.html"), wrap(base, side, rel))
    big_pad = 1024 * 1024
    sizes["big2m.html"] = write(os.path.join(out, "big2m.html"),
                                wrap(base, nav_block(rng) + padding(rng, big_pad, seq),
                                     padding(rng, big_pad, seq)))
    huge = os.path.join(out, "huge50m.html")
    if want_huge and not os.path.exists(huge):
        # 50 MB: reuse 1 MB chunks (string building in Python is the slow part)
        chunk = padding(rng, big_pad, seq)
        sizes["huge50m.html"] = write(huge, wrap(base, nav_block(rng) + chunk * 25, chunk * 25))
    for k, v in sizes.items():
        print("%s %d" % (k, v))


if __name__ == "__main__":
    main()
