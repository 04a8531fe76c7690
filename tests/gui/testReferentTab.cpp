#include "GuiTestSupport.h"
#include "LoginPage.h"
#include "MandatWizard.h"
#include "MemoryKeyStore.h"
#include "Session.h"
#include "Totp.h"
#include "mandats/MandatsController.h"
#include "referent/AidantPage.h"
#include "referent/AppEnrolmentDialog.h"
#include "referent/FirstLoginDialog.h"
#include "referent/ReferentAidantsModel.h"
#include "referent/ReferentPage.h"
#include "referent/ReferentText.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrlQuery>

namespace {

constexpr int kTimeoutMs = 15000;

using GuiTest::child;

/// Keyboard only: focus the widget, then Space (buttons, checkboxes).
void press(QWidget *widget)
{
    QVERIFY2(widget->isVisible(), qPrintable(widget->objectName()));
    QVERIFY2(widget->isEnabled(), qPrintable(widget->objectName()));
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_Space);
}

/// Replaces a line edit's text by typing (ASCII only: QTest::keyClicks asserts on other text).
void type(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

/// The interactive widgets under @p root that lack an object name or an accessible name (those a
/// combo box owns, its popup list, are the combo's own).
QStringList unnamedInteractiveWidgets(QWidget *root)
{
    QStringList unnamed;
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        const bool interactive = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
            || qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractItemView *>(widget)
            || qobject_cast<QTabBar *>(widget) || qobject_cast<QPlainTextEdit *>(widget);
        if (!interactive)
            continue;
        bool inCombo = false;
        for (QObject *parent = widget->parent(); parent; parent = parent->parent())
            inCombo = inCombo || qobject_cast<QComboBox *>(parent);
        if (inCombo)
            continue;
        if (widget->objectName().isEmpty() || widget->accessibleName().isEmpty())
            unnamed << QStringLiteral("%1 « %2 »")
                           .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName());
    }
    return unnamed;
}

} // namespace

/// The Espace référent end to end against a real server, keyboard only: the référent logs in through
/// the window, opens the tab, manages cards, apps, memberships, co-référents and démarches.
class TestReferentTab final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;
    QTemporaryDir m_configDir;
    QTemporaryDir m_work;
    std::unique_ptr<MainWindow> m_window;
    TestServer::Account m_referent;
    TestServer::Account m_withoutCard; ///< gets a card
    TestServer::Account m_forApp; ///< gets the phone app
    TestServer::Account m_withCard; ///< loses their card
    TestServer::Account m_leaving; ///< removed, then reactivated
    TestServer::Account m_colleague; ///< becomes co-référent
    TestServer::Account m_ofOtherOrganisation;
    qint64 m_otherOrganisationId = 0;

    ReferentPage *referentPage() const { return m_window->referentPage(); }
    AidantPage *aidantPage() const { return m_window->referentPage()->aidantPage(); }

    void sql(const QString &statement) { QCOMPARE(m_server->runSqlBehindServer(statement), 0); }

    qint64 count(const QString &statement)
    {
        QString output;
        if (m_server->runSqlBehindServer(statement, &output) != 0)
            return -1;
        return output.trimmed().toLongLong();
    }

    /// From the lists: search for @p email and open the aidant's page with Enter.
    void openAidant(const TestServer::Account &account, bool active = true)
    {
        if (aidantPage()->isVisible())
            press(child<QPushButton>(aidantPage(), "backPushButton"));
        QTRY_VERIFY(referentPage()->isVisible());
        auto *tabs = child<QTabWidget>(referentPage(), "referentTabWidget");
        tabs->setCurrentIndex(1); // « Aidants »
        type(child<QLineEdit>(referentPage(), "searchLineEdit"), account.email);
        auto *table = child<QTableView>(
            referentPage(), active ? "activeAidantsTableView" : "inactiveAidantsTableView");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, kTimeoutMs);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home);
        QVERIFY(table->currentIndex().isValid());
        QTest::keyClick(table, Qt::Key_Return);
        QTRY_VERIFY(aidantPage()->isVisible());
        QCOMPARE(aidantPage()->aidantId(), account.id);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(aidantPage(), "backPushButton")->isEnabled(), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QPushButton>(aidantPage(), "saveOrganisationsPushButton")->isEnabled(), kTimeoutMs);
    }

    const ReferentAidant *listed(const TestServer::Account &account) const
    {
        return referentPage()->model()->aidant(account.id);
    }

    QLabel *aidantError() const { return child<QLabel>(aidantPage(), "aidantErrorLabel"); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_configDir.isValid() && m_work.isValid());
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->start());
        m_fixture = std::make_unique<MandatFixture>(*m_server);
        m_referent = m_server->createAccount(QStringLiteral("rosa.referente@test.example"),
            QStringLiteral("Rosa"), QStringLiteral("Referente"), true);
        m_withoutCard = m_server->createAccount(QStringLiteral("elodie.evrard@test.example"),
            QStringLiteral("Elodie"), QStringLiteral("Evrard"), false, false);
        m_forApp = m_server->createAccount(QStringLiteral("jerome.dubinore@test.example"),
            QStringLiteral("Jerome"), QStringLiteral("Dubinore"), false, false);
        m_withCard = m_server->createAccount(
            QStringLiteral("paul.abadie@test.example"), QStringLiteral("Paul"), QStringLiteral("Abadie"));
        m_leaving = m_server->createAccount(
            QStringLiteral("lea.depart@test.example"), QStringLiteral("Lea"), QStringLiteral("Depart"));
        m_colleague = m_server->createAccount(QStringLiteral("colin.collegue@test.example"),
            QStringLiteral("Colin"), QStringLiteral("Collegue"));
        m_otherOrganisationId
            = m_server->createOrganisation(QStringLiteral("Maison France Services de Test"));
        QVERIFY(m_otherOrganisationId > 0);
        m_ofOtherOrganisation = m_server->createAccount(QStringLiteral("bastien.bordeaux@test.example"),
            QStringLiteral("Bastien"), QStringLiteral("Bordeaux"), false, true, m_otherOrganisationId);
        for (const auto &account : { m_referent, m_withoutCard, m_forApp, m_withCard, m_leaving, m_colleague,
                 m_ofOtherOrganisation })
            QVERIFY2(account.id > 0, qPrintable(account.email));
        // The référent of both organisations (demo data: a second organisation whose référent is
        // also référent of the first).
        sql(QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);"
                           "INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (%1, %2);"
                           "UPDATE aidants SET cgu_version = '2024-06' WHERE id = %1;")
                .arg(m_referent.id)
                .arg(m_otherOrganisationId));

        GuiTest::useServer(m_configDir.path(), *m_server);
        m_window = std::make_unique<MainWindow>();
        m_window->mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

        // The référent logs in through the window.
        QTest::keyClicks(child<QLineEdit>(m_window.get(), "emailLineEdit"), m_referent.email);
        auto *code = child<QLineEdit>(m_window.get(), "codeLineEdit");
        QTest::keyClicks(code, m_server->nextCode(m_referent));
        QTest::keyClick(code, Qt::Key_Return);
        auto *home = m_window->findChild<QWidget *>(QStringLiteral("HomePage"));
        QTRY_VERIFY_WITH_TIMEOUT(home->isVisible(), kTimeoutMs);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        Settings::setConfigDirOverride(QString());
        m_fixture.reset();
        m_server.reset();
    }

    void opensTheTabWithTheKeyboard()
    {
        auto *home = m_window->findChild<QWidget *>(QStringLiteral("HomePage"));
        auto *button = child<QPushButton>(home, "referentPushButton");
        QVERIFY(button->isVisible());
        QVERIFY(button->isEnabled());
        QVERIFY(button->toolTip().isEmpty()); // no more "not yet"
        press(button);
        QTRY_VERIFY(referentPage()->isVisible());
        QCOMPARE(m_window->windowTitle(), QStringLiteral("Espace référent"));
        QCOMPARE(
            child<QLabel>(referentPage(), "titleLabel")->text(), QStringLiteral("Mon espace responsable"));

        // « Mon organisation »: the session's organisation first; both managed ones offered.
        auto *name = child<QLabel>(referentPage(), "organisationNameLabel");
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), m_server->organisationName(), kTimeoutMs);
        auto *combo = child<QComboBox>(referentPage(), "organisationComboBox");
        QVERIFY(combo->isVisible());
        QCOMPARE(combo->count(), 2);
        // referent, five aidants of the fixture helpers and the fixture's own two, all active
        auto *count = child<QLabel>(referentPage(), "activeAidantsCountLabel");
        QTRY_VERIFY_WITH_TIMEOUT(count->text().toInt() >= 7, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_withCard), kTimeoutMs);
        QVERIFY(!listed(m_ofOtherOrganisation));
        GuiTest::snapshot(*m_window, QStringLiteral("referent-organisation"));

        // « Aidants »: columns, devices as the web service's table says them.
        auto *tabs = child<QTabWidget>(referentPage(), "referentTabWidget");
        tabs->tabBar()->setFocus();
        QTest::keyClick(tabs->tabBar(), Qt::Key_Right);
        QCOMPARE(tabs->currentIndex(), 1);
        auto *active = child<QTableView>(referentPage(), "activeAidantsTableView");
        QCOMPARE(active->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Nom"));
        QCOMPARE(active->model()->headerData(3, Qt::Horizontal).toString(), QStringLiteral("Dispositif"));
        QCOMPARE(ReferentAidantsModel(nullptr).columnCount(), 4);
        QCOMPARE(ReferentText::deviceText(*listed(m_withoutCard)), QStringLiteral("Aucune"));
        QVERIFY(listed(m_withCard)->devices.size() == 1);
        QVERIFY(ReferentText::deviceText(*listed(m_withCard)).startsWith(QStringLiteral("GADT")));

        // The search ignores accents and case, on names and emails.
        auto *search = child<QLineEdit>(referentPage(), "searchLineEdit");
        search->setFocus();
        search->setText(QStringLiteral("ÉLODIE évrard"));
        QCOMPARE(active->model()->rowCount(), 1);
        QCOMPARE(active->model()->index(0, 1).data().toString(), m_withoutCard.email);
        // An aidant without a device: « Activer », as in the web service's list.
        active->setFocus();
        QTest::keyClick(active, Qt::Key_Home);
        auto *open = child<QPushButton>(referentPage(), "openActivePushButton");
        QCOMPARE(open->text().remove(QLatin1Char('&')), QStringLiteral("Activer"));
        type(search, QStringLiteral("DUBINORE@TEST"));
        QCOMPARE(active->model()->rowCount(), 1);
        GuiTest::snapshot(*m_window, QStringLiteral("referent-aidants"));

        // The other organisation: its own aidants.
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), QStringLiteral("Maison France Services de Test"), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_ofOtherOrganisation), kTimeoutMs);
        QVERIFY(!listed(m_withCard));
        QTest::keyClick(combo, Qt::Key_Up);
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), m_server->organisationName(), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_withCard), kTimeoutMs);

        // No longer référent of the other organisation (another référent's change): its list is an
        // error said in French, not an empty list.
        sql(QStringLiteral(
            "DELETE FROM referent_organisations WHERE aidant_id = %1 AND organisation_id = %2;")
                .arg(m_referent.id)
                .arg(m_otherOrganisationId));
        QTest::keyClick(combo, Qt::Key_Down);
        auto *error = child<QLabel>(referentPage(), "errorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kTimeoutMs);
        QVERIFY(error->text().size() > 10);
        QVERIFY(!error->text().contains(QStringLiteral("not_found")));
        QVERIFY(referentPage()->model()->aidants().isEmpty());
        GuiTest::snapshot(*m_window, QStringLiteral("referent-error"));
        sql(QStringLiteral("INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                .arg(m_referent.id)
                .arg(m_otherOrganisationId));
        press(child<QPushButton>(referentPage(), "refreshPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_ofOtherOrganisation), kTimeoutMs);
        QVERIFY(!error->isVisible());
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Up);
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), m_server->organisationName(), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_withCard), kTimeoutMs);
    }

    void associatesAndValidatesACard()
    {
        openAidant(m_withoutCard);
        QCOMPARE(child<QLabel>(aidantPage(), "emailValueLabel")->text(), m_withoutCard.email);
        QCOMPARE(child<QLabel>(aidantPage(), "professionValueLabel")->text(),
            QStringLiteral("Médiatrice numérique"));
        QCOMPARE(child<QLabel>(aidantPage(), "lastLoginValueLabel")->text(), QStringLiteral("Jamais"));
        QVERIFY(child<QLabel>(aidantPage(), "organisationsValueLabel")
                    ->text()
                    .contains(m_server->organisationName()));
        auto *serial = child<QLineEdit>(aidantPage(), "serialLineEdit");
        QVERIFY(serial->isVisible());

        // An unknown serial: the server's refusal, in French, in place.
        type(serial, QStringLiteral("GADT99999999"));
        QTest::keyClick(serial, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(aidantError()->isVisible(), kTimeoutMs);
        QVERIFY(!aidantError()->text().isEmpty());
        QVERIFY(aidantError()->text() != QStringLiteral("unknown_card"));

        const TestServer::Card card = m_server->importCard();
        QVERIFY(!card.serial.isEmpty());
        type(serial, card.serial.toLower()); // typed as it comes
        QTest::keyClick(serial, Qt::Key_Return);
        auto *cardState = child<QLabel>(aidantPage(), "cardStateLabel");
        QTRY_VERIFY_WITH_TIMEOUT(cardState->text().contains(QStringLiteral("à valider")), kTimeoutMs);
        QVERIFY(!aidantError()->isVisible());
        // The lists refresh from the server.
        QTRY_COMPARE_WITH_TIMEOUT(ReferentText::deviceText(*listed(m_withoutCard)),
            card.serial + QStringLiteral(" (à valider)"), kTimeoutMs);

        // A wrong code changes nothing but the failure count.
        TestServer::Account cardAccount;
        cardAccount.email = card.serial;
        cardAccount.secret = card.secret;
        cardAccount.stepSeconds = Totp::kCardStepSeconds;
        const QString right = m_server->nextCode(cardAccount);
        auto *code = child<QLineEdit>(aidantPage(), "cardCodeLineEdit");
        QVERIFY(code->isVisible());
        type(code, right == QStringLiteral("000000") ? QStringLiteral("111111") : QStringLiteral("000000"));
        QTest::keyClick(code, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(aidantError()->isVisible(), kTimeoutMs);
        QVERIFY(cardState->text().contains(QStringLiteral("à valider")));
        // Not 6 digits: said before sending.
        type(code, QStringLiteral("12"));
        QTest::keyClick(code, Qt::Key_Return);
        QCOMPARE(aidantError()->text(), QStringLiteral("Le code doit comporter exactement 6 chiffres."));

        type(code, right);
        press(child<QPushButton>(aidantPage(), "validateCardPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(cardState->text().contains(QStringLiteral("validée")), kTimeoutMs);
        QVERIFY(!aidantError()->isVisible());
        QVERIFY(!code->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(ReferentText::deviceText(*listed(m_withoutCard)), card.serial, kTimeoutMs);
        GuiTest::snapshot(*m_window, QStringLiteral("referent-card-validated"));

        // The aidant logs in with that card.
        const TestServer::HttpResult login = m_server->postJson(QStringLiteral("/api/v1/auth/login"),
            { { QStringLiteral("email"), m_withoutCard.email },
                { QStringLiteral("code"), m_server->nextCode(cardAccount) } });
        QCOMPARE(login.status, 200);
    }

    void enrolsThePhoneAppAndTheAidantLogsIn()
    {
        openAidant(m_forApp);
        press(child<QPushButton>(aidantPage(), "enrolAppPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(
            aidantPage()->appDialog() && aidantPage()->appDialog()->isVisible(), kTimeoutMs);
        QPointer<AppEnrolmentDialog> dialog = aidantPage()->appDialog();
        GuiTest::snapshot(*dialog, QStringLiteral("referent-app-enrolment"));

        // Decode the QR code as a phone would.
        auto *qr = child<QLabel>(dialog.data(), "qrCodeLabel");
        const QPixmap pixmap = qr->pixmap();
        QVERIFY(!pixmap.isNull());
        const QString png = m_work.filePath(QStringLiteral("app-qr.png"));
        QVERIFY(pixmap.save(png));
        QProcess zbar;
        zbar.start(QStringLiteral("zbarimg"), { QStringLiteral("--raw"), QStringLiteral("-q"), png });
        QVERIFY(zbar.waitForFinished(30000));
        QCOMPARE(zbar.exitCode(), 0);
        const QString uri = QString::fromUtf8(zbar.readAllStandardOutput()).trimmed();
        QFile::remove(png);
        QVERIFY2(uri.startsWith(QStringLiteral("otpauth://totp/")), qPrintable(uri.left(15)));
        // The same URI as text, selectable.
        QCOMPARE(child<QPlainTextEdit>(dialog.data(), "uriPlainTextEdit")->toPlainText(), uri);
        const QUrlQuery query(QUrl(uri).query());
        QCOMPARE(query.queryItemValue(QStringLiteral("issuer"), QUrl::FullyDecoded),
            QStringLiteral("Aidants Connect"));
        const std::optional<QByteArray> secret
            = Totp::decodeBase32(query.queryItemValue(QStringLiteral("secret")));
        QVERIFY(secret.has_value());
        QCOMPARE(secret->size(), 20); // 160 bits
        TestServer::Account app = m_forApp;
        app.secret = *secret;
        app.stepSeconds = Totp::kPhoneStepSeconds;

        auto *code = child<QLineEdit>(dialog.data(), "appCodeLineEdit");
        QVERIFY(code->hasFocus() || dialog->isActiveWindow());
        type(code, m_server->nextCode(app));
        QTest::keyClick(code, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, kTimeoutMs); // closed and deleted: the URI with it
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(aidantPage(), "appStateLabel")->text(),
            QStringLiteral("Application activée."), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            ReferentText::deviceText(*listed(m_forApp)), QStringLiteral("Application"), kTimeoutMs);

        // Nowhere on disk: not in the settings folder.
        QDirIterator files(m_configDir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(query.queryItemValue(QStringLiteral("secret")).toLatin1()),
                qPrintable(file.fileName()));
        }

        // The aidant logs in with a code of that secret.
        const TestServer::HttpResult login = m_server->postJson(QStringLiteral("/api/v1/auth/login"),
            { { QStringLiteral("email"), m_forApp.email },
                { QStringLiteral("code"), m_server->nextCode(app) } });
        QCOMPARE(login.status, 200);
        QVERIFY(!login.json.value(QStringLiteral("token")).toString().isEmpty());
    }

    void removesThePhoneApp()
    {
        openAidant(m_forApp);
        press(child<QPushButton>(aidantPage(), "removeAppPushButton"));
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(aidantPage(), "appStateLabel")->text(),
            QStringLiteral("Aucune application."), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            ReferentText::deviceText(*listed(m_forApp)), QStringLiteral("Aucune"), kTimeoutMs);
    }

    void dissociatesACardWithAReason()
    {
        openAidant(m_withCard);
        auto *reason = child<QComboBox>(aidantPage(), "reasonComboBox");
        QVERIFY(reason->isVisible());
        QCOMPARE(reason->count(), 6);
        reason->setFocus();
        QTest::keyClick(reason, Qt::Key_End); // « Autre »
        QCOMPARE(reason->currentData().toString(), QStringLiteral("autre"));
        auto *details = child<QLineEdit>(aidantPage(), "detailsLineEdit");
        details->clear();
        press(child<QPushButton>(aidantPage(), "dissociateCardPushButton"));
        QCOMPARE(aidantError()->text(), QStringLiteral("Précisez le motif de la déliaison."));
        QCOMPARE(m_window->focusWidget(), details);
        QTest::keyClicks(details, QStringLiteral("Carte restee au domicile"));
        QTest::keyClick(details, Qt::Key_Return);
        auto *cardState = child<QLabel>(aidantPage(), "cardStateLabel");
        QTRY_COMPARE_WITH_TIMEOUT(cardState->text(), QStringLiteral("Aucune carte liée."), kTimeoutMs);
        QVERIFY(!aidantError()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(
            ReferentText::deviceText(*listed(m_withCard)), QStringLiteral("Aucune"), kTimeoutMs);
        QCOMPARE(count(QStringLiteral(
                     "SELECT COUNT(*) FROM journal WHERE action = 'card_dissociation' AND info LIKE "
                     "'%autre%';")),
            1);
        GuiTest::snapshot(*m_window, QStringLiteral("referent-card-dissociated"));
    }

    void removesAndReactivatesAnAidant()
    {
        openAidant(m_leaving);
        auto *confirm = child<QPushButton>(aidantPage(), "confirmRemovePushButton");
        QVERIFY(!confirm->isVisible());
        press(child<QPushButton>(aidantPage(), "removeAidantPushButton"));
        QVERIFY(confirm->isVisible()); // asked first
        QCOMPARE(m_window->focusWidget(), confirm);
        QTest::qWait(50); // the scroll area resizes its content on the next event loop pass
        GuiTest::snapshot(*m_window, QStringLiteral("referent-remove-confirmation"));
        press(confirm);
        // Their only organisation: deactivated, shown as such, in the inactive list.
        auto *reactivate = child<QPushButton>(aidantPage(), "reactivatePushButton");
        QTRY_VERIFY_WITH_TIMEOUT(reactivate->isVisible(), kTimeoutMs);
        QCOMPARE(child<QLabel>(aidantPage(), "stateValueLabel")->text(), QStringLiteral("Désactivé"));
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_leaving) && !listed(m_leaving)->active, kTimeoutMs);
        const TestServer::HttpResult refused = m_server->postJson(QStringLiteral("/api/v1/auth/login"),
            { { QStringLiteral("email"), m_leaving.email },
                { QStringLiteral("code"), m_server->nextCode(m_leaving) } });
        QVERIFY(refused.status != 200);

        // From the inactive list: « Réactiver ».
        openAidant(m_leaving, false);
        press(child<QPushButton>(aidantPage(), "reactivatePushButton"));
        QTRY_COMPARE_WITH_TIMEOUT(
            child<QLabel>(aidantPage(), "stateValueLabel")->text(), QStringLiteral("Actif"), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_leaving) && listed(m_leaving)->active, kTimeoutMs);
    }

    void changesAnAidantsOrganisations()
    {
        openAidant(m_colleague);
        auto *other = child<QCheckBox>(
            aidantPage(), qPrintable(QStringLiteral("organisation%1CheckBox").arg(m_otherOrganisationId)));
        QVERIFY(!other->isChecked());
        press(other);
        QVERIFY(other->isChecked());
        press(child<QPushButton>(aidantPage(), "saveOrganisationsPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(aidantPage(), "organisationsValueLabel")
                                     ->text()
                                     .contains(QStringLiteral("Maison France Services de Test")),
            kTimeoutMs);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM aidant_organisations WHERE aidant_id = %1;")
                           .arg(m_colleague.id)),
            2);
    }

    void designatesACoReferent()
    {
        openAidant(m_colleague);
        auto *role = child<QPushButton>(aidantPage(), "referentRolePushButton");
        QCOMPARE(role->text(), QStringLiteral("Désigner comme référent"));
        press(role);
        QTRY_COMPARE_WITH_TIMEOUT(role->text(), QStringLiteral("Retirer le rôle de référent"), kTimeoutMs);
        QCOMPARE(role->accessibleName(), role->text());
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_colleague) && listed(m_colleague)->referent, kTimeoutMs);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM referent_organisations WHERE aidant_id = %1;")
                           .arg(m_colleague.id)),
            1);
        GuiTest::snapshot(*m_window, QStringLiteral("referent-co-referent"));
        GuiTest::snapshot(
            *child<QWidget>(aidantPage(), "aidantContent"), QStringLiteral("referent-aidant-page-whole"));
    }

    void restrictsTheDemarchesTheWizardOffers()
    {
        if (aidantPage()->isVisible())
            press(child<QPushButton>(aidantPage(), "backPushButton"));
        auto *tabs = child<QTabWidget>(referentPage(), "referentTabWidget");
        tabs->setCurrentIndex(0);
        const QStringList kept { QStringLiteral("papiers"), QStringLiteral("famille") };
        QList<QCheckBox *> boxes;
        for (QCheckBox *box : referentPage()->findChildren<QCheckBox *>()) {
            if (box->property("demarche").isValid())
                boxes << box;
        }
        QCOMPARE(boxes.size(), 10);
        auto *error = child<QLabel>(referentPage(), "errorLabel");
        auto *save = child<QPushButton>(referentPage(), "saveDemarchesPushButton");
        // None: refused in French before anything is sent.
        for (QCheckBox *box : boxes) {
            if (box->isChecked())
                press(box);
        }
        press(save);
        QCOMPARE(error->text(), QStringLiteral("Cochez au moins une démarche."));
        for (QCheckBox *box : boxes) {
            if (kept.contains(box->property("demarche").toString()))
                press(box);
        }
        press(save);
        auto *status = child<QLabel>(referentPage(), "statusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(status->isVisible(), kTimeoutMs);
        QVERIFY(!error->isVisible());
        GuiTest::snapshot(*m_window, QStringLiteral("referent-demarches"));

        // The session learns it; the wizard offers only those.
        QTRY_COMPARE_WITH_TIMEOUT(
            m_window->session()->info().currentOrganisation()->allowedDemarches.size(), 2, kTimeoutMs);
        press(child<QPushButton>(referentPage(), "homePushButton"));
        auto *home = m_window->findChild<QWidget *>(QStringLiteral("HomePage"));
        QTRY_VERIFY(home->isVisible());
        press(child<QPushButton>(home, "createMandatPushButton"));
        QTRY_VERIFY(m_window->mandatWizard() && m_window->mandatWizard()->isVisible());
        QStringList offered;
        for (QCheckBox *box : m_window->mandatWizard()->findChildren<QCheckBox *>()) {
            if (box->property("demarche").isValid())
                offered << box->property("demarche").toString();
        }
        offered.sort();
        QStringList expected = kept;
        expected.sort();
        QCOMPARE(offered, expected);
        m_window->mandatWizard()->reject();
        QTRY_VERIFY(home->isVisible());
        press(child<QPushButton>(home, "referentPushButton"));
        QTRY_VERIFY(referentPage()->isVisible());
    }

    void theLockWipesTheListsAndTheUnlockBringsThemBack()
    {
        openAidant(m_colleague);
        referentPage()->reload(); // answers still to come when the session locks
        m_window->session()->lock();
        auto *lock = m_window->findChild<QWidget *>(QStringLiteral("LockPage"));
        QTRY_VERIFY(lock->isVisible());
        QTest::qWait(1000); // what was in flight has come back meanwhile
        // No personal data left behind the lock.
        QVERIFY(referentPage()->model()->aidants().isEmpty());
        QVERIFY(child<QLabel>(aidantPage(), "emailValueLabel")->text().isEmpty());
        QCOMPARE(aidantPage()->aidantId(), 0);

        auto *code = child<QLineEdit>(lock, "unlockCodeLineEdit");
        QTest::keyClicks(code, m_server->nextCode(m_referent));
        QTest::keyClick(code, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(referentPage()->isVisible(), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(m_colleague), kTimeoutMs);
    }

    void everyInteractiveWidgetIsNamed()
    {
        // The tab and the aidant's page (with an aidant shown, so every group is built).
        openAidant(m_colleague);
        QStringList unnamed = unnamedInteractiveWidgets(referentPage());
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));

        AppEnrolmentDialog app(QStringLiteral("Camille Dupont"),
            QStringLiteral(
                "otpauth://totp/"
                "Aidants%20Connect:c%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Aidants%20Connect"));
        unnamed = unnamedInteractiveWidgets(&app);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));

        FirstLoginDialog firstLogin(m_window->session(), QString());
        unnamed = unnamedInteractiveWidgets(&firstLogin);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));

        auto *login = m_window->findChild<QWidget *>(QStringLiteral("LoginPage"));
        unnamed = unnamedInteractiveWidgets(login);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }

    void aNonReferentDoesNotSeeTheEntry()
    {
        MainWindow window;
        window.mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        GuiTest::logIn(window, *m_server, *m_fixture, kTimeoutMs);
        auto *home = window.findChild<QWidget *>(QStringLiteral("HomePage"));
        QVERIFY(!child<QPushButton>(home, "referentPushButton")->isVisible());
        QVERIFY(!window.session()->info().aidant.isReferent());
    }

    void aReferentWithoutDeviceActivatesTheAppAtFirstLogin()
    {
        const TestServer::Account newcomer
            = m_server->createAccount(QStringLiteral("nora.nouvelle@test.example"), QStringLiteral("Nora"),
                QStringLiteral("Nouvelle"), true, false);
        QVERIFY(newcomer.id > 0);
        MainWindow window;
        window.mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClicks(child<QLineEdit>(&window, "emailLineEdit"), newcomer.email);
        auto *loginPage = window.findChild<LoginPage *>(QStringLiteral("LoginPage"));
        press(child<QPushButton>(loginPage, "firstLoginPushButton"));
        QTRY_VERIFY(loginPage->firstLoginDialog() && loginPage->firstLoginDialog()->isVisible());
        QPointer<FirstLoginDialog> dialog = loginPage->firstLoginDialog();
        auto *email = child<QLineEdit>(dialog.data(), "firstLoginEmailLineEdit");
        QCOMPARE(email->text(), newcomer.email); // carried over from the login page
        QTest::keyClick(email, Qt::Key_Return);
        auto *emailCode = child<QLineEdit>(dialog.data(), "emailCodeLineEdit");
        QTRY_VERIFY_WITH_TIMEOUT(emailCode->isVisible(), kTimeoutMs);
        GuiTest::snapshot(*dialog, QStringLiteral("first-login-email-code"));

        // The emailed code, from the outbox (no SMTP relay in this test).
        QString body;
        QTRY_VERIFY_WITH_TIMEOUT(m_server->runSqlBehindServer(
                                     QStringLiteral("SELECT body FROM email_outbox WHERE recipient = '%1' "
                                                    "ORDER BY id DESC LIMIT 1;")
                                         .arg(newcomer.email),
                                     &body)
                    == 0
                && !body.trimmed().isEmpty(),
            kTimeoutMs);
        const QRegularExpressionMatch match
            = QRegularExpression(QStringLiteral("\\b(\\d{8})\\b")).match(body);
        QVERIFY2(match.hasMatch(), "no 8-digit code in the email");
        // A wrong code: the server's refusal in French, still on this step.
        auto *error = child<QLabel>(dialog.data(), "errorLabel");
        QTest::keyClicks(emailCode,
            match.captured(1) == QStringLiteral("00000000") ? QStringLiteral("11111111")
                                                            : QStringLiteral("00000000"));
        QTest::keyClick(emailCode, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kTimeoutMs);
        QVERIFY(!error->text().contains(QStringLiteral("invalid_credentials")));
        QVERIFY(emailCode->isVisible());
        QTest::keyClicks(emailCode, match.captured(1));
        QTest::keyClick(emailCode, Qt::Key_Return);

        auto *qr = child<QLabel>(dialog.data(), "qrCodeLabel");
        QTRY_VERIFY_WITH_TIMEOUT(qr->isVisible() && !qr->pixmap().isNull(), kTimeoutMs);
        GuiTest::snapshot(*dialog, QStringLiteral("first-login-app"));
        const QString uri = child<QPlainTextEdit>(dialog.data(), "uriPlainTextEdit")->toPlainText();
        const std::optional<QByteArray> secret
            = Totp::decodeBase32(QUrlQuery(QUrl(uri).query()).queryItemValue(QStringLiteral("secret")));
        QVERIFY(secret.has_value());
        TestServer::Account app = newcomer;
        app.secret = *secret;
        app.stepSeconds = Totp::kPhoneStepSeconds;
        auto *code = child<QLineEdit>(dialog.data(), "appCodeLineEdit");
        const QString right = m_server->nextCode(app);
        QTest::keyClicks(
            code, right == QStringLiteral("000000") ? QStringLiteral("111111") : QStringLiteral("000000"));
        QTest::keyClick(code, Qt::Key_Return);
        auto *appError = child<QLabel>(dialog.data(), "appErrorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(appError->isVisible(), kTimeoutMs);
        QVERIFY(!window.session()->isOpen());
        type(code, right);
        QTest::keyClick(code, Qt::Key_Return);

        // Logged in, as with a login: the CGU first for a new account.
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->isOpen(), kTimeoutMs);
        QTRY_VERIFY(!dialog);
        QVERIFY(!window.findChild<QWidget *>(QStringLiteral("LoginPage"))->isVisible());
        QVERIFY(window.session()->info().aidant.isReferent());
        QVERIFY(!Settings().deviceToken(newcomer.email).isEmpty());
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestReferentTab>(argc, argv);
}

#include "testReferentTab.moc"
