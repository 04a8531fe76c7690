// Renewing a mandat in the wizard: the usager is the renewed mandat's (no FranceConnect step), the
// démarches start ticked as they were, and the renewal is signed and printed like a creation.
#include "ApiClient.h"
#include "MandatFixture.h"
#include "MandatWizard.h"
#include "WebEngineTestMain.h"
#include "wizard/DemarchesPage.h"
#include "wizard/DureePage.h"
#include "wizard/RecapPage.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QTest>

class TestMandatRenewal : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.franceConnect = true;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_fixture = std::make_unique<MandatFixture>(*m_server);
    }

    void cleanupTestCase()
    {
        m_fixture.reset();
        m_server.reset();
    }

    void renewWithoutFranceConnect()
    {
        const auto creator = m_fixture->newAidant();
        const MandatInfo original = MandatInfo::fromJson(
            m_fixture->createMandat(creator, { QStringLiteral("papiers"), QStringLiteral("logement") },
                QStringLiteral("caractères_spéciaux")));
        QVERIFY(original.id > 0);

        // A colleague of the same organisation renews it.
        const auto colleague = m_fixture->newAidant();
        ApiClient api;
        api.setBaseUrl(m_server->baseUrl());
        api.setToken(colleague.token.toLatin1());
        bool done = false;
        SessionInfo session;
        api.me(&api, [&](const Result<SessionInfo> &result) {
            session = result.value();
            done = true;
        });
        QTRY_VERIFY(done);

        MandatWizard wizard(&api, session);
        wizard.setRenewal(original);
        QVERIFY(wizard.isRenewal());
        QCOMPARE(wizard.windowTitle(), QStringLiteral("Renouveler un mandat"));
        wizard.show();
        QCOMPARE(wizard.demarchesPage()->selectedDemarches(),
            QStringList({ QStringLiteral("papiers"), QStringLiteral("logement") }));
        // One more démarche, then the duration.
        wizard.demarchesPage()->findChild<QCheckBox *>(QStringLiteral("argentCheckBox"))->click();
        wizard.next();
        QCOMPARE(wizard.currentId(), int(MandatWizard::DureePageId));
        wizard.dureePage()->findChild<QRadioButton *>(QStringLiteral("monthRadioButton"))->click();
        wizard.next();
        // Straight to the recap: the renewed mandat's usager, no FranceConnect page.
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(MandatWizard::RecapPageId), 15000);
        QVERIFY(!wizard.visitedIds().contains(MandatWizard::FranceConnectPageId));
        QCOMPARE(wizard.draft().state, QStringLiteral("identified"));
        QCOMPARE(wizard.draft().usager.fullName(), original.usager.fullName());
        QVERIFY(wizard.recapPage()
                    ->findChild<QLabel *>(QStringLiteral("summaryLabel"))
                    ->text()
                    .contains(QStringLiteral("DUBINÔRE")));

        wizard.recapPage()->findChild<QCheckBox *>(QStringLiteral("informationCheckBox"))->click();
        QTest::keyClicks(wizard.recapPage()->findChild<QLineEdit *>(QStringLiteral("codeLineEdit")),
            m_server->nextCode(colleague.account));
        wizard.next();
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(MandatWizard::DonePageId), 15000);
        const MandatInfo renewed = wizard.mandat();
        QVERIFY(renewed.id > original.id);
        QCOMPARE(renewed.usager.id, original.usager.id);
        QCOMPARE(renewed.duration, QStringLiteral("MONTH"));
        QCOMPARE(renewed.demarches,
            QStringList({ QStringLiteral("argent"), QStringLiteral("logement"), QStringLiteral("papiers") }));
        QCOMPARE(m_fixture->journal(QStringLiteral("init_renew_mandat")), 1);
        // The renewed démarches moved: the original mandat is now revoked.
        QCOMPARE(m_fixture->count(QStringLiteral(
                     "SELECT COUNT(*) FROM autorisations WHERE mandat_id = %1 AND revoked_at IS NULL")
                                      .arg(original.id)),
            0);
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestMandatRenewal>(argc, argv);
}

#include "testMandatRenewal.moc"
