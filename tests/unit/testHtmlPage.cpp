#include "HtmlPage.h"
#include "IdpPages.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

/// The server's HTML pages: every value escaped, no inline script or style anywhere (so the
/// Content-Security-Policy can forbid both), every template present in the resources.
class TestHtmlPage final : public QObject
{
    Q_OBJECT

private:
    static const QString hostile() { return QStringLiteral("<script>alert(\"x\")</script>&'"); }

    static void verifyClean(const QByteArray &page)
    {
        QVERIFY(page.startsWith("<!DOCTYPE html>"));
        QVERIFY(page.contains("<link rel=\"stylesheet\" href=\"/static/style.css\" />"));
        QVERIFY2(!page.contains("<script"), page.constData());
        QVERIFY2(!page.contains("<style"), page.constData());
        QVERIFY2(!page.contains(" style="), page.constData());
        // No event handler attributes.
        QVERIFY2(!QString::fromUtf8(page).contains(QRegularExpression(QStringLiteral("\\son[a-z]+\\s*="))),
            page.constData());
    }

private slots:
    void pagesEscapeEveryValue_data()
    {
        QTest::addColumn<QByteArray>("page");
        const QString h = hostile();
        QJsonObject usager { { QStringLiteral("id"), 7 }, { QStringLiteral("given_name"), h },
            { QStringLiteral("family_name"), h },
            { QStringLiteral("birthdate"), QStringLiteral("1962-08-24") },
            { QStringLiteral("demarches"), QJsonArray { QStringLiteral("papiers") } } };
        QTest::newRow("message") << HtmlPage::message(400, h, h).body;
        QTest::newRow("login with error")
            << IdpPages::login(401, QStringLiteral("/oidc/interaction/\"a"), h).body;
        QTest::newRow("usager choice")
            << IdpPages::usagerChoice(QStringLiteral("/x\"'"), QJsonArray { usager }).body;
        QTest::newRow("démarche choice") << IdpPages::demarcheChoice(QStringLiteral("/x\"'"), usager).body;
    }
    void pagesEscapeEveryValue()
    {
        QFETCH(QByteArray, page);
        verifyClean(page);
        QVERIFY(!page.contains("<script>alert"));
        QVERIFY(!page.contains("\"'"));
        QVERIFY(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;")
            || !page.contains("alert"));
    }

    void loginShowsTheErrorOnlyWhenThereIsOne()
    {
        QVERIFY(!IdpPages::login(200, QStringLiteral("/a")).body.contains("role=\"alert\""));
        QVERIFY(IdpPages::login(401, QStringLiteral("/a"), QStringLiteral("Code faux"))
                    .body.contains("role=\"alert\">Code faux<"));
    }

    void usagerListAndItsEmptyState()
    {
        const QByteArray empty = IdpPages::usagerChoice(QStringLiteral("/a"), {}).body;
        QVERIFY(QString::fromUtf8(empty).contains(QStringLiteral("Aucun usager n'a de mandat en cours")));
        QVERIFY(empty.contains("id=\"cancel\"") && empty.contains("id=\"logout\""));
        const QJsonObject usager { { QStringLiteral("id"), 12 },
            { QStringLiteral("given_name"), QStringLiteral("Angela") },
            { QStringLiteral("family_name"), QStringLiteral("DUBOIS") },
            { QStringLiteral("birthdate"), QStringLiteral("1962-08-24") } };
        const QString one
            = QString::fromUtf8(IdpPages::usagerChoice(QStringLiteral("/a"), QJsonArray { usager }).body);
        QVERIFY(one.contains(QStringLiteral("id=\"usager-12\" href=\"/a?usager=12\"")));
        QVERIFY(one.contains(QStringLiteral("Angela DUBOIS</strong> — né(e) le 24/08/1962")));
        QVERIFY(!one.contains(QStringLiteral("Aucun usager")));
    }

    void stylesheetAndPolicy()
    {
        const HttpAnswer css = HtmlPage::stylesheet();
        QCOMPARE(css.status, 200);
        QVERIFY(css.contentType.startsWith("text/css"));
        QVERIFY(css.body.contains("button"));
        const QByteArray csp = HtmlPage::contentSecurityPolicy();
        QVERIFY(csp.contains("default-src 'none'"));
        QVERIFY(csp.contains("style-src 'self'"));
        QVERIFY(!csp.contains("unsafe-inline"));
        QVERIFY(!csp.contains("script-src"));
    }
};

QTEST_GUILESS_MAIN(TestHtmlPage)
#include "testHtmlPage.moc"
